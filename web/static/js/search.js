/* The search page, enhanced. Without this script it works the same, one click longer:
   - on wide screens the filters stand open beside the results (on phones they stay folded, so the
     results come first);
   - after filtering (the form returns to #results-title) focus moves to the results heading, so screen
     readers announce the new count instead of staying at the top of an unchanged-looking page. */
(function () {
  "use strict";
  var filters = document.querySelector("details[data-filters]");
  if (filters && window.matchMedia && window.matchMedia("(min-width: 48em)").matches) {
    filters.open = true;
  }
  if (window.location.hash === "#results-title") {
    var heading = document.getElementById("results-title");
    if (heading) heading.focus();
  }
})();
