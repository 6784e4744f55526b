// Mark the cues, made quicker: the words of the passage are checkboxes (they work without this
// script); here the passage becomes one Tab stop whose arrow keys move from word to word, Space
// marks a word (the checkbox's own key, so its state is announced), a click on a word marks it,
// and selecting several words with the mouse marks them all.
(function () {
  "use strict";
  document.querySelectorAll("[data-mark-words]").forEach(function (group) {
    var boxes = Array.prototype.slice.call(group.querySelectorAll("input[type=checkbox]"));
    if (!boxes.length) { return; }
    group.classList.add("enhanced");
    group.setAttribute("role", "group");
    var hint = document.getElementById("words-hint");
    if (hint) {
      hint.textContent = "Click each word that tells you, or use the arrow keys and Space. A cue can be more than one word.";
      group.setAttribute("aria-describedby", "words-hint");
    }
    var focusable = Math.max(0, boxes.findIndex(function (box) { return box.autofocus; }));
    function rove(index) {
      boxes[focusable].tabIndex = -1;
      focusable = index;
      boxes[focusable].tabIndex = 0;
    }
    boxes.forEach(function (box, index) { box.tabIndex = index === focusable ? 0 : -1; });
    group.addEventListener("focusin", function (event) {
      var index = boxes.indexOf(event.target);
      if (index >= 0) { rove(index); }
    });
    group.addEventListener("keydown", function (event) {
      var index = boxes.indexOf(event.target);
      if (index < 0) { return; }
      var next = {ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1,
                  Home: 0, End: boxes.length - 1}[event.key];
      if (next === undefined) { return; }
      event.preventDefault();
      next = Math.min(boxes.length - 1, Math.max(0, next));
      rove(next);
      boxes[next].focus();
    });
    group.addEventListener("mouseup", function () {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || !group.contains(selection.anchorNode)) { return; }
      var chosen = boxes.filter(function (box) { return selection.containsNode(box.parentNode, true); });
      if (chosen.length > 1) {
        chosen.forEach(function (box) { box.checked = true; });
        selection.removeAllRanges();
      }
    });
  });
}());
