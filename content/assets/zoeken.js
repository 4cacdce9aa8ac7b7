// The search page: a small UI on Pagefind's JS API. Query, filters and sort live in the URL
// (?q=kappers&sector=Bouw&sort=jaar), so a search can be shared and the back button works.
// Filters: any of the checked values within one filter, all filters together.
// Everything is built with textContent: nothing from the index is ever parsed as HTML.
(async function () {
  "use strict";
  var root = document.getElementById("pk-search");
  if (!root) return;
  // Marks for the benchmark (bench/run.py): when the search code starts, and each search's start and end.
  performance.mark("pk-ui-start");

  // The filters and sort options come from one table (generator/search_keys.py), written on the page.
  var CONFIG = JSON.parse(document.getElementById("pk-search-config").textContent);
  var FILTER_LABELS = CONFIG.filters;
  var FILTER_ORDER = Object.keys(CONFIG.filters);
  var SORTS = {};
  CONFIG.sorts.forEach(function (option) {
    var sort = null;
    if (option.key) { sort = {}; sort[option.key] = option.direction; }
    SORTS[option.id] = sort;
  });
  var DEFAULT_SORT = CONFIG.sorts[0].id;
  var PAGE_SIZE = 5;
  var THEME_SCRIPTS_AT_THE_LATEST_MS = 3000;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // Material's own scripts wait in a template on this page (see main.html), so that Pagefind has the
  // main thread to itself while it starts. They run once the first results show (or after a few
  // seconds, or when the search fails), in order; they start on DOMContentLoaded, which has passed by
  // then, so it is announced again for them.
  var themeStarted = false;
  function startThemeScripts() {
    var template = document.getElementById("pk-theme-scripts");
    if (themeStarted || !template) return;
    themeStarted = true;
    var scripts = Array.prototype.slice.call(template.content.querySelectorAll("script"));
    (function next() {
      var original = scripts.shift();
      if (!original) {
        document.dispatchEvent(new Event("DOMContentLoaded"));
        return;
      }
      var script = document.createElement("script");
      Array.prototype.forEach.call(original.attributes, function (attr) { script.setAttribute(attr.name, attr.value); });
      script.textContent = original.textContent;
      if (script.src) {
        script.addEventListener("load", next);
        script.addEventListener("error", next);
        document.body.appendChild(script);
      } else {
        document.body.appendChild(script);
        next();
      }
    })();
  }
  setTimeout(startThemeScripts, THEME_SCRIPTS_AT_THE_LATEST_MS);

  var params = new URLSearchParams(window.location.search);
  var state = {
    q: params.get("q") || "",
    sort: SORTS.hasOwnProperty(params.get("sort")) ? params.get("sort") : DEFAULT_SORT,
    filters: {}
  };
  FILTER_ORDER.forEach(function (key) {
    var values = params.getAll(key);
    if (values.length) state.filters[key] = values;
  });

  // The form: query, sort, and a fieldset per filter (filled once the index is loaded).
  var input = el("input", {
    type: "search", id: "pk-q", name: "q", autocomplete: "off", placeholder: "bv. kappers, bouw, oudere werknemers"
  });
  input.value = state.q;
  var sortSelect = el("select", { id: "pk-sort", name: "sort" }, CONFIG.sorts.map(function (option) {
    return el("option", { value: option.id, text: option.label });
  }));
  sortSelect.value = state.sort;
  var filterPane = el("div", { class: "pk-search__filters", "aria-label": "Filters" });
  var status = el("p", { class: "pk-search__status", role: "status", "aria-live": "polite" });
  var results = el("ol", { class: "pk-search__results" });
  var more = el("button", { type: "button", class: "md-button pk-search__more", hidden: "" });
  more.textContent = "Meer resultaten";

  var form = el("form", { class: "pk-search__form", role: "search", action: "." }, [
    el("div", { class: "pk-search__query" }, [
      el("label", { for: "pk-q", text: "Zoek in de praktijken" }),
      input,
      el("button", { type: "submit", class: "md-button md-button--primary", text: "Zoeken" })
    ]),
    el("div", { class: "pk-search__sort" }, [el("label", { for: "pk-sort", text: "Sorteer" }), sortSelect])
  ]);
  root.textContent = "";
  root.appendChild(form);
  root.appendChild(el("div", { class: "pk-search__layout" }, [
    filterPane,
    el("div", { class: "pk-search__main" }, [status, results, more])
  ]));

  status.textContent = "Zoekindex laden…";
  var pagefind = await import(new URL("../pagefind/pagefind.js", document.baseURI).href);
  // Search in this page, not in Pagefind's web worker: starting the worker (and loading Pagefind a
  // second time inside it) cost about 100 ms on the first search, more than it saves afterwards.
  // The build names the index in the page (and preloads its files under that name).
  var tag = document.querySelector('meta[name="pk-pagefind-tag"]');
  await pagefind.options(tag ? { excerptLength: 24, noWorker: true, metaCacheTag: tag.content }
    : { excerptLength: 24, noWorker: true });
  // Start Pagefind now, so its WebAssembly and metadata load while the form is built. (It has no way
  // to wait until it is ready: the first search polls for that every 50 ms.)
  pagefind.init();

  // The filter pane: a closed group per filter. Pagefind downloads a filter's data only when a search
  // uses that filter, so a group is filled from the search results when the address selects values in
  // it, and the data of all filters is fetched only when the visitor first opens a group.
  var groups = {};
  FILTER_ORDER.forEach(function (key) {
    var label = FILTER_LABELS[key] || key;
    var summary = el("summary", { text: label });
    var fieldset = el("fieldset", {}, [
      el("legend", { class: "pk-visually-hidden", text: label }),
      el("p", { class: "pk-filter__loading", text: "Laden…" })
    ]);
    var details = el("details", { class: "pk-filter" }, [summary, fieldset]);
    if ((state.filters[key] || []).length) details.setAttribute("open", "");
    summary.addEventListener("click", loadAllFilters);
    filterPane.appendChild(details);
    groups[key] = { details: details, fieldset: fieldset, filled: false };
  });

  // Checkboxes for a filter's values (once), then the number of results each value would give.
  function fillGroup(key, counts) {
    var group = groups[key];
    if (!group) return;
    if (!group.filled) {
      group.fieldset.querySelector(".pk-filter__loading").remove();
      var selected = state.filters[key] || [];
      Object.keys(counts).sort(function (a, b) { return a.localeCompare(b, "nl"); }).forEach(function (value, index) {
        var id = "pk-f-" + key + "-" + index;
        var box = el("input", { type: "checkbox", id: id, name: key, value: value });
        box.checked = selected.indexOf(value) !== -1;
        group.fieldset.appendChild(el("div", { class: "pk-filter__value" }, [box, el("label", { for: id })]));
      });
      group.filled = true;
    }
    group.fieldset.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.nextSibling.textContent = box.value + " (" + (counts[box.value] || 0) + ")";
    });
  }

  // After each search, the groups whose data Pagefind has loaded show their counts for that search.
  function updateCounts(counts) {
    Object.keys(counts || {}).forEach(function (key) { fillGroup(key, counts[key]); });
  }

  var allFilters = null;
  function loadAllFilters() {
    if (allFilters) return allFilters;
    allFilters = pagefind.filters().then(function (totals) {
      FILTER_ORDER.forEach(function (key) {
        if (totals[key] && Object.keys(totals[key]).length) fillGroup(key, totals[key]);
        else groups[key].details.remove();  // no practice has a value for this filter
      });
      var searching = state.q || Object.keys(state.filters).length;
      return searching ? run() : null;  // again, now with the counts of every filter
    });
    return allFilters;
  }

  var current = [];
  var shown = 0;
  var token = 0;

  function readForm() {
    state.q = input.value.trim();
    state.sort = sortSelect.value;
    var filters = {};
    FILTER_ORDER.forEach(function (key) {
      var group = groups[key];
      if (!group || !group.filled) {  // not shown yet: the values from the address stand
        if (state.filters[key]) filters[key] = state.filters[key];
        return;
      }
      group.fieldset.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
        (filters[key] = filters[key] || []).push(box.value);
      });
    });
    state.filters = filters;
  }

  function writeUrl() {
    var next = new URLSearchParams();
    if (state.q) next.set("q", state.q);
    Object.keys(state.filters).forEach(function (key) {
      state.filters[key].forEach(function (value) { next.append(key, value); });
    });
    if (state.sort !== DEFAULT_SORT) next.set("sort", state.sort);
    var query = next.toString();
    history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  function pagefindFilters() {
    var filters = {};
    Object.keys(state.filters).forEach(function (key) { filters[key] = { any: state.filters[key] }; });
    return filters;
  }

  function badge(text, kind) {
    return el("li", { class: "pk-badge" + (kind ? " pk-badge--" + kind : ""), text: text });
  }

  async function showMore() {
    var batch = current.slice(shown, shown + PAGE_SIZE);
    var datas = await Promise.all(batch.map(function (result) { return result.data(); }));
    datas.forEach(function (data) {
      var summary = (data.meta && data.meta.samenvatting) || "";
      var badges = el("ul", { class: "pk-badges", "aria-label": "Kenmerken" });
      ((data.filters && data.filters.sector) || []).forEach(function (v) { badges.appendChild(badge(v, "sector")); });
      ((data.filters && data.filters.prioriteit) || []).forEach(function (v) { badges.appendChild(badge(v, "priority")); });
      var excerpt = el("p", { class: "pk-search__excerpt" });
      // Pagefind marks matches with <mark>; rebuild them as elements instead of parsing HTML.
      String(data.excerpt || "").split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
        var match = /^<mark>(.*)<\/mark>$/.exec(part);
        excerpt.appendChild(match ? el("mark", { text: decode(match[1]) }) : document.createTextNode(decode(part)));
      });
      results.appendChild(el("li", { class: "pk-card" }, [
        el("a", { class: "pk-card__title", href: data.url, text: (data.meta && data.meta.title) || data.url }),
        summary ? el("p", { class: "pk-card__summary", text: summary }) : null,
        state.q ? excerpt : null,
        badges.childNodes.length ? badges : null
      ]));
    });
    shown += batch.length;
    more.hidden = shown >= current.length;
  }

  function decode(text) {
    var area = document.createElement("textarea");
    area.innerHTML = text;
    return area.value;
  }

  async function run() {
    var mine = ++token;
    readForm();
    writeUrl();
    var hasFilters = Object.keys(state.filters).length > 0;
    if (!state.q && !hasFilters) {
      results.textContent = "";
      more.hidden = true;
      status.textContent = "Typ een zoekterm of kies een filter.";
      return;
    }
    performance.mark("pk-search-start");
    var options = { filters: pagefindFilters() };
    if (SORTS[state.sort]) options.sort = SORTS[state.sort];
    var search = await pagefind.search(state.q || null, options);
    if (mine !== token || !search) return;
    current = search.results;
    shown = 0;
    updateCounts(search.filters);
    results.textContent = "";
    var count = current.length;
    var about = state.q ? " voor ‘" + state.q + "’" : "";
    status.textContent = count === 0 ? "Geen praktijken gevonden" + about + "."
      : count + (count === 1 ? " praktijk" : " praktijken") + " gevonden" + about + ".";
    await showMore();
    performance.mark("pk-search-done");
  }

  var debounce;
  input.addEventListener("input", function () {
    clearTimeout(debounce);
    debounce = setTimeout(run, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(debounce);
    run();
  });
  sortSelect.addEventListener("change", run);
  filterPane.addEventListener("change", run);
  more.addEventListener("click", showMore);

  try {
    await run();
  } finally {
    startThemeScripts();
  }
})();
