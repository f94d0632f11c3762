import { createElement, lazy, useState, type ComponentType } from 'react';

/** A component whose code loads when it first renders (inside a `<Suspense>`), or earlier through `preload()`.
 * Once loaded it renders at once, without suspending. Each mounted instance keeps the component type it started
 * with, so a route that suspended once is not remounted (losing what was typed) when the code arrives. */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = (): Promise<ComponentType<P>> =>
    (loading ??= load().then((component) => {
      loaded = component;
      return component;
    }));
  const Suspending = lazy(() => preload().then((component) => ({ default: component })));
  function LazyComponent(props: P) {
    const [type] = useState<ComponentType<P>>(() => loaded ?? Suspending);
    return createElement(type, props);
  }
  return Object.assign(LazyComponent, { preload });
}
