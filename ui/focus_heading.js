// After sign-in and after every change of page, keyboard focus goes to the new page's main
// heading (WCAG 2.4.3 Focus Order): Streamlit swaps the page but leaves focus on the link or
// button that was used, or on nothing, so a keyboard user started again from the top of the
// menu. A page's address changes as its run starts; focus moves once its own heading is drawn,
// not while the previous page's heading is still on screen (Streamlit keeps it, marked stale,
// until it is replaced).
(() => {
  if (window.__scrutinyFocusHeading) return;
  window.__scrutinyFocusHeading = true;
  const mainHeading = () => document.querySelector('[data-testid="stMain"] h1');
  const isCurrent = (element) => element.closest('[data-stale="true"]') === null;
  let focusedPath = window.location.pathname;
  let lastHeading = "";

  const followPage = () => {
    const heading = mainHeading();
    if (window.location.pathname === focusedPath) {
      if (heading && isCurrent(heading)) lastHeading = heading.textContent;
      return;
    }
    if (!heading || !isCurrent(heading) || heading.textContent === lastHeading) return;
    heading.setAttribute("tabindex", "-1");
    heading.focus();
    focusedPath = window.location.pathname;
    lastHeading = heading.textContent;
  };
  new MutationObserver(followPage).observe(document.body, {
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: ["data-stale"],
  });
})();
