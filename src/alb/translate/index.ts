// The ALB translator's public surface.
export { translateAlb, annotationDiagnostics } from './translate.ts';
export {
  SUCCESSFULLY_RECONCILED,
  FAILED_BUILD_MODEL,
  FAILED_DEPLOY_MODEL,
  FAILED_LOAD_GROUP_ID,
} from './translate.ts';
export { ALB_CODES } from './codes.ts';
export { isAlbIngress, ALB_CONTROLLER } from './groups.ts';
export type {
  AlbSnapshot,
  AlbTranslation,
  AlbTranslateOptions,
  AlbEvent,
  IngressStatusUpdate,
} from './types.ts';
