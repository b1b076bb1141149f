/**
 * The API's resource tree, which every format that builds the API creates resource by resource:
 * one API Gateway resource per path prefix of some method's resource path, shared by every
 * method below it.
 */
import type { IntegrationModel } from '../integrate/types.js';

/** One resource: `path` is its full path (`/sns/publish`), under `parent` (`/` is the API's root). */
export interface ApiResource {
  path: string;
  parent: string;
  part: string;
}

/** A method's resource path as the tree names it: `/` and `/a/b`, no empty parts. */
export function resourceKey(resourcePath: string): string {
  return `/${resourcePath.split('/').filter((part) => part !== '').join('/')}`;
}

/** Every resource below the root, each once, parents first, in the order the methods first need them. */
export function resourceTree(model: IntegrationModel): ApiResource[] {
  const tree = new Map<string, ApiResource>();
  for (const method of model.methods) {
    let parent = '/';
    for (const part of method.resourcePath.split('/').filter((p) => p !== '')) {
      const path = `${parent === '/' ? '' : parent}/${part}`;
      if (!tree.has(path)) tree.set(path, { path, parent, part });
      parent = path;
    }
  }
  return [...tree.values()];
}
