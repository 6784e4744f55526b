// The question page works without this file: the page opens at the passage (#current) with the
// choices right after it. This only keeps the answer in reach: while the student scrolls away
// to reread the article, a button brings them back to the passage and its choices.
(function () {
  "use strict";
  var panel = document.getElementById("answer");
  var back = document.querySelector(".back-to-answer");
  var passage = document.getElementById("current");
  if (!panel || !back || !passage || !("IntersectionObserver" in window)) return;
  new IntersectionObserver(function (entries) {
    // Shown only while no part of the answer panel is on screen, so it never covers the choices.
    back.hidden = entries[0].isIntersecting;
  }).observe(panel);
  back.addEventListener("click", function (event) {
    event.preventDefault();
    passage.scrollIntoView({block: "start"});
    var first = panel.querySelector("input[type=radio]:checked") || panel.querySelector("input[type=radio]");
    if (first) first.focus({preventScroll: true});
    back.hidden = true;
  });
})();
