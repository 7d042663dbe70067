// A subscription to a backend event made from a component's `onMount`: the listener is registered
// asynchronously, so the component may be gone before it is; the returned function ends it either way.

/**
 * Starts `subscribe` and returns the function that ends the subscription, at once if it is made, or as
 * soon as it is made if it was not yet. A subscription that fails leaves nothing to end: the caller's screen
 * keeps what it loaded.
 */
export function listening(subscribe: () => Promise<() => void>): () => void {
  let stop: (() => void) | null = null;
  let gone = false;
  subscribe()
    .then((unlisten) => {
      if (gone) unlisten();
      else stop = unlisten;
    })
    .catch(() => {});
  return () => {
    gone = true;
    stop?.();
  };
}
