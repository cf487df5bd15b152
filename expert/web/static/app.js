// Behaviour of the pages; no inline scripts (the Content-Security-Policy forbids them).
"use strict";

function drawGraphs() {
  // Where the server has no Graphviz, the page carries the DOT text and the vendored WebAssembly build draws it.
  const pending = document.querySelectorAll("pre.graph-dot");
  if (!pending.length) return;
  const script = document.createElement("script");
  script.src = "/static/viz-global.js";
  script.onload = () => {
    Viz.instance().then((viz) => {
      pending.forEach((pre) => {
        const figure = pre.closest("figure");
        const svg = viz.renderSVGElement(pre.textContent);
        figure.replaceChildren(svg);
        figure.dataset.drawn = "browser";
        fitGraph(figure);
      });
    });
  };
  document.head.appendChild(script);
}

function graphSize(svg) {
  if (!svg.dataset.w) {
    const box = svg.viewBox.baseVal;
    svg.dataset.w = box && box.width ? box.width : svg.getBBox().width;
    svg.dataset.h = box && box.height ? box.height : svg.getBBox().height;
  }
  return [parseFloat(svg.dataset.w), parseFloat(svg.dataset.h)];
}

function setScale(figure, scale) {
  const svg = figure.querySelector("svg");
  if (!svg) return;
  const [w, h] = graphSize(svg);
  figure.dataset.scale = scale;
  svg.setAttribute("width", Math.round(w * scale));
  svg.setAttribute("height", Math.round(h * scale));
}

function fitGraph(figure) {
  const svg = figure.querySelector("svg");
  if (!svg || figure.classList.contains("paper")) return;
  const [w] = graphSize(svg);
  // fit the width, but never so small that the labels cannot be read: then the box scrolls
  const box = figure.parentElement.clientWidth || w;
  setScale(figure, Math.max(0.55, Math.min(1, box / w)));
}

function setupZoom() {
  document.querySelectorAll("[data-zoom]").forEach((button) => {
    button.addEventListener("click", () => {
      const figure = document.getElementById("graph");
      if (!figure) return;
      if (button.dataset.zoom === "fit") return fitGraph(figure);
      setScale(figure, parseFloat(figure.dataset.scale || "1") * parseFloat(button.dataset.zoom));
    });
  });
  const box = document.querySelector(".graph-box");
  if (box) {
    box.addEventListener("wheel", (event) => {
      if (!event.ctrlKey) return;
      event.preventDefault();
      const figure = box.querySelector("figure");
      setScale(figure, parseFloat(figure.dataset.scale || "1") * (event.deltaY < 0 ? 1.1 : 0.9));
    }, { passive: false });
  }
}

function setupGraphClicks() {
  // A click on a conclusion shows how it was reached (HOW), in the panel under the graph.
  document.querySelectorAll("figure.graph:not(.paper)").forEach((figure) => {
    figure.addEventListener("click", (event) => {
      const node = event.target.closest("g.node");
      if (!node) return;
      const title = node.querySelector("title");
      const id = title ? title.textContent : "";
      if (!id.startsWith("fact:")) return;
      figure.querySelectorAll("g.node.selected").forEach((n) => n.classList.remove("selected"));
      node.classList.add("selected");
      const url = `/c/${figure.dataset.cid}/explain/how?c=${encodeURIComponent(id.slice(5))}`;
      htmx.ajax("GET", url, { target: "#panel", swap: "innerHTML" });
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("figure.graph:not(.paper)").forEach(fitGraph);
  drawGraphs();
  setupZoom();
  setupGraphClicks();
  const print = document.getElementById("print");
  if (print) print.addEventListener("click", () => window.print());
});
