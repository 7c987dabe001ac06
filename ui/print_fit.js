// Plotly draws each chart at the width it had on screen, so on paper a wide chart is cut off
// at the right-hand margin. Just before printing, give each chart's SVG layers a viewBox of
// their screen size so CSS (ui/print.css) can scale them to the page width; put them back
// afterwards, since Plotly redraws at its own pixel size on the next resize.
(() => {
  if (window.__scrutinyPrintFit) return;
  window.__scrutinyPrintFit = true;
  const fit = () => {
    document.querySelectorAll(".js-plotly-plot .svg-container").forEach((box) => {
      // The size Plotly drew at (its SVG attributes), not the box's size under print rules.
      const drawn = box.querySelector("svg.main-svg");
      const width = drawn && parseFloat(drawn.getAttribute("width"));
      const height = drawn && parseFloat(drawn.getAttribute("height"));
      if (!width || !height || box.dataset.printFit) return;
      box.dataset.printFit = "1";
      box.style.setProperty("aspect-ratio", `${width} / ${height}`);
      // Shrink to fit, never enlarge ("important" beats Streamlit's own print rule).
      box.style.setProperty("max-width", `${width}px`, "important");
      box.querySelectorAll("svg.main-svg").forEach((svg) => {
        svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
      });
    });
  };
  const unfit = () => {
    document.querySelectorAll(".svg-container[data-print-fit]").forEach((box) => {
      delete box.dataset.printFit;
      box.style.removeProperty("aspect-ratio");
      box.style.removeProperty("max-width");
      box.querySelectorAll("svg.main-svg").forEach((svg) => svg.removeAttribute("viewBox"));
    });
  };
  // Only the print events: under emulated print media the page lays out again and Plotly
  // redraws at the new width by itself.
  window.addEventListener("beforeprint", fit);
  window.addEventListener("afterprint", unfit);
})();
