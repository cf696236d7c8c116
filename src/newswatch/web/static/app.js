// newswatch web view: the little the pages do with a script (they work without it).
// Each article text opens scrolled to its marked evidence sentence.
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll(".article-text")) {
    const mark = box.querySelector("mark");
    if (mark) box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 48);
  }
});
