// Which Ingresses the controller manages and how they group (pkg/ingress/group_loader.go,
// class_loader.go): the `kubernetes.io/ingress.class` annotation wins; otherwise
// spec.ingressClassName must name an IngressClass of controller `ingress.k8s.aws/alb`, or the
// default IngressClass applies. `group.name` joins an explicit group (one ALB), members sorted
// by `group.order` then `ns/name`; without it the Ingress is a group of its own.
import type { KubeObject } from '../../resources/types.ts';
import { AnnotationError, parseInt64, parseString } from '../annotations.ts';
import type { Ingress } from './types.ts';

export const ALB_CONTROLLER = 'ingress.k8s.aws/alb';
export const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const GROUP_NAME_PATTERN = /^([a-z0-9][-a-z0-9.]*)?[a-z0-9]$/;

export interface IngressGroup {
  /** The group name, or `ns/name` of the single Ingress. */
  id: string;
  explicit: boolean;
  namespace: string; // implicit groups only ('' otherwise)
  name: string;
  members: Readonly<Ingress>[];
}

export interface GroupLoad {
  groups: IngressGroup[]; // sorted by id
  /** Ingresses of the class whose group could not be determined (FailedLoadGroupID). */
  failures: { ingress: Readonly<Ingress>; message: string }[];
}

function classController(cls: Readonly<KubeObject> | undefined): string | undefined {
  const spec = cls?.['spec'] as { controller?: unknown } | undefined;
  return typeof spec?.controller === 'string' ? spec.controller : undefined;
}

/** Whether the controller of class `ingressClass` manages `ing`. */
export function isAlbIngress(
  ing: Readonly<Ingress>,
  classes: readonly Readonly<KubeObject>[],
  ingressClass = 'alb',
): boolean {
  const annotated = ing.metadata.annotations?.[CLASS_ANNOTATION];
  if (annotated !== undefined) return annotated === ingressClass;
  const className = ing.spec?.ingressClassName;
  if (className !== undefined && className !== '') {
    const cls = classes.find((c) => c.metadata.name === className);
    return classController(cls) === ALB_CONTROLLER;
  }
  return classes.some(
    (c) =>
      c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true' && classController(c) === ALB_CONTROLLER,
  );
}

function ingKey(ing: Readonly<Ingress>): string {
  return `${ing.metadata.namespace ?? ''}/${ing.metadata.name ?? ''}`;
}

function groupName(ing: Readonly<Ingress>): string | undefined {
  const name = parseString('group.name', [ing.metadata.annotations]);
  if (name === undefined) return undefined;
  if (name.length > 63) throw new AnnotationError('groupName must be no more than 63 characters');
  if (!GROUP_NAME_PATTERN.test(name)) {
    throw new AnnotationError(
      "groupName must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    );
  }
  return name;
}

function groupOrder(ing: Readonly<Ingress>): number {
  const order = parseInt64('group.order', [ing.metadata.annotations]) ?? 0;
  if (order < -1000 || order > 1000) {
    throw new AnnotationError(
      `explicit group order must be within [-1000:1000], Ingress: ${ingKey(ing)}, order: ${order}`,
    );
  }
  return order;
}

/** The managed Ingresses of the snapshot, grouped and ordered. */
export function loadGroups(
  ingresses: readonly Readonly<Ingress>[],
  classes: readonly Readonly<KubeObject>[],
  ingressClass = 'alb',
): GroupLoad {
  const byId = new Map<string, IngressGroup>();
  const orders = new Map<Readonly<Ingress>, number>();
  const failures: GroupLoad['failures'] = [];
  for (const ing of ingresses) {
    if (ing.metadata.deletionTimestamp || !isAlbIngress(ing, classes, ingressClass)) continue;
    let name: string | undefined;
    try {
      name = groupName(ing);
      orders.set(ing, groupOrder(ing));
    } catch (err) {
      failures.push({ ingress: ing, message: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const id = name ?? ingKey(ing);
    let g = byId.get(id);
    if (!g) {
      g = name
        ? { id, explicit: true, namespace: '', name, members: [] }
        : {
            id,
            explicit: false,
            namespace: ing.metadata.namespace ?? '',
            name: ing.metadata.name ?? '',
            members: [],
          };
      byId.set(id, g);
    }
    g.members.push(ing);
  }
  for (const g of byId.values()) {
    g.members.sort((a, b) => {
      const d = (orders.get(a) ?? 0) - (orders.get(b) ?? 0);
      if (d !== 0) return d;
      const ka = ingKey(a);
      const kb = ingKey(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }
  const groups = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { groups, failures };
}
