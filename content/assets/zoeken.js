// The search page: Pagefind's Default UI, in Dutch, started with the query from ?q=.
(function () {
  var ui = new PagefindUI({
    element: "#pk-search",
    showSubResults: false,
    showImages: false,
    translations: {
      placeholder: "Zoek een praktijk",
      clear_search: "Wissen",
      load_more: "Meer resultaten",
      search_label: "Zoek in de praktijken",
      filters_label: "Filters",
      zero_results: "Geen praktijken gevonden voor [SEARCH_TERM]",
      many_results: "[COUNT] praktijken gevonden voor [SEARCH_TERM]",
      one_result: "[COUNT] praktijk gevonden voor [SEARCH_TERM]",
      alt_search: "Geen praktijken gevonden voor [SEARCH_TERM]. Resultaten voor [DIFFERENT_TERM]",
      search_suggestion: "Geen praktijken gevonden voor [SEARCH_TERM]. Probeer een ander zoekwoord.",
      searching: "Zoeken naar [SEARCH_TERM]…"
    }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
