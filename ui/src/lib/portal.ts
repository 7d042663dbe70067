// Moves an element to the end of <body> while it is shown, so a dialog opened from inside a scrolling panel covers
// the whole window instead of being clipped to the panel.

/** A Svelte action: `<div use:portal>`. */
export function portal(node: HTMLElement): { destroy: () => void } {
  document.body.appendChild(node);
  return {
    destroy() {
      node.remove();
    },
  };
}
