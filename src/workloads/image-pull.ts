// The kubelet's image "pull" for one container: a stand-in, mapped command or URL counts as
// pulled (Pulled / Pulling events by imagePullPolicy); an image nothing provides fails as a
// registry miss does: ErrImagePull, then ImagePullBackOff with back-off 10 s doubling to 5 min.
import { Backoff } from './backoff.ts';
import type { ImageSource } from './image-map.ts';

/** From ErrImagePull to ImagePullBackOff, as the pod worker's next sync shows it. */
export const PULL_RESYNC_MS = 2_000;

export interface PullHooks {
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
  setWaiting(reason: string, message: string): void;
  resyncIn(ms: number): void;
}

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

export class ImagePuller {
  readonly #backoff = new Backoff();
  #lastFailure = 0;
  #failed = false;

  /** The last attempt failed: a change of mapping should retry. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Forget the back-off (the mapping changed): the next attempt pulls at once. */
  reset(): void {
    this.#backoff.reset();
  }

  /** Records the pull's events and failures; true when there is something to run. */
  pull(image: string, source: ImageSource, policy: PullPolicy, hooks: PullHooks): boolean {
    if (source.kind === 'invalid') {
      const msg = `Failed to apply default image tag "${image}": ${source.message}`;
      hooks.setWaiting('InvalidImageName', msg);
      hooks.event('Warning', 'InspectFailed', msg);
      hooks.event('Warning', 'Failed', 'Error: InvalidImageName');
      this.#failed = true;
      return false;
    }
    if (source.kind === 'unknown') {
      this.#failed = true;
      if (policy === 'Never') {
        const msg = `Container image "${image}" is not present with pull policy of Never`;
        hooks.setWaiting('ErrImageNeverPull', msg);
        hooks.event('Warning', 'ErrImageNeverPull', msg);
        hooks.event('Warning', 'Failed', 'Error: ErrImageNeverPull');
        return false;
      }
      const now = Date.now();
      const wait = this.#backoff.remaining(this.#lastFailure, now);
      if (wait > 0) {
        hooks.setWaiting(
          'ImagePullBackOff',
          `Back-off pulling image "${image}": ErrImagePull: ${source.message}`,
        );
        hooks.event('Normal', 'BackOff', `Back-off pulling image "${image}"`);
        hooks.event('Warning', 'Failed', 'Error: ImagePullBackOff');
        hooks.resyncIn(wait);
        return false;
      }
      hooks.event('Normal', 'Pulling', `Pulling image "${image}"`);
      hooks.event('Warning', 'Failed', `Failed to pull image "${image}": ${source.message}`);
      hooks.event('Warning', 'Failed', 'Error: ErrImagePull');
      hooks.setWaiting('ErrImagePull', source.message);
      this.#backoff.next(now, now);
      this.#lastFailure = now;
      hooks.resyncIn(PULL_RESYNC_MS);
      return false;
    }
    this.#failed = false;
    this.#backoff.reset();
    if (policy === 'Always') {
      hooks.event('Normal', 'Pulling', `Pulling image "${image}"`);
      hooks.event(
        'Normal',
        'Pulled',
        `Successfully pulled image "${image}" in 0s (0s including waiting). Image size: 0 bytes.`,
      );
    } else {
      hooks.event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
    }
    return true;
  }
}
