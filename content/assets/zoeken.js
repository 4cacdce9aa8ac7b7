// The search page: a small UI on Pagefind's JS API. Query, filters and sort live in the URL
// (?q=kappers&sector=Bouw&sort=jaar), so a search can be shared and the back button works.
// Filters: any of the checked values within one filter, all filters together.
// Everything is built with textContent: nothing from the index is ever parsed as HTML.
// The number of results shown ("Meer resultaten") and the scroll position are kept in the
// history entry, so the back button returns to the same place in the same list.
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
  // The facts of a practice (generator/facts.py), as the practice page gives them in its metadata.
  var FACTS = CONFIG.facts || [];
  // Vocabulary terms for suggestions: [wordings (name first), positions of broader terms].
  var TERMS = CONFIG.terms || [];
  var PAGE_SIZE = 5;
  // The compare and browse pages' addresses from this page, as the build writes them on it.
  var COMPARE_PAGE = root.getAttribute("data-compare");
  var BROWSE_PAGE = root.getAttribute("data-browse");
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
  // Back from a practice: as many results as were shown, and the same scroll position.
  var restore = history.state && history.state.pkSearch ? history.state.pkSearch : null;
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";

  // The form: query, sort, and a fieldset per filter (filled once the index is loaded).
  var input = el("input", {
    type: "search", id: "pk-q", name: "q", autocomplete: "off", placeholder: "bv. kappers, bouw, oudere werknemers"
  });
  input.value = state.q;
  var sortSelect = el("select", { id: "pk-sort", name: "sort" }, CONFIG.sorts.map(function (option) {
    return el("option", { value: option.id, text: option.label });
  }));
  sortSelect.value = state.sort;
  var filterPane = el("div", { class: "pk-search__filters", role: "group", "aria-label": "Filters" });
  var status = el("p", { class: "pk-search__status", role: "status", "aria-live": "polite" });
  var results = el("ol", { class: "pk-search__results" });
  var suggestions = el("div", { class: "pk-search__suggestions", hidden: "" });
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
    el("div", { class: "pk-search__main" }, [status, suggestions, results, more])
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
      return searching ? run(true) : null;  // again, now with the counts of every filter
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

  // The history entry remembers how many results show and where the page is scrolled.
  function saveView() {
    history.replaceState({ pkSearch: { shown: shown, scroll: window.scrollY } }, "", window.location.href);
  }
  var scrollTimer;
  window.addEventListener("scroll", function () {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(saveView, 150);
  }, { passive: true });
  window.addEventListener("pagehide", saveView);

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
      var facts = el("dl", { class: "pk-facts" });
      FACTS.forEach(function (fact) {
        var line = String((data.meta && data.meta[fact.meta]) || "");
        var at = line.indexOf(": ");
        if (at < 0) return;
        facts.appendChild(el("div", { class: "pk-fact pk-fact--" + fact.key }, [
          el("dt", { text: line.slice(0, at) }), el("dd", { text: line.slice(at + 2) })
        ]));
      });
      var excerpt = el("p", { class: "pk-search__excerpt" });
      // Pagefind marks matches with <mark>; rebuild them as elements instead of parsing HTML.
      String(data.excerpt || "").split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
        var match = /^<mark>(.*)<\/mark>$/.exec(part);
        excerpt.appendChild(match ? el("mark", { text: decode(match[1]) }) : document.createTextNode(decode(part)));
      });
      var title = (data.meta && data.meta.title) || data.url;
      results.appendChild(el("li", { class: "pk-card" }, [
        el("a", { class: "pk-card__title", href: data.url, text: title }),
        summary ? el("p", { class: "pk-card__summary", text: summary }) : null,
        facts.childNodes.length ? facts : null,
        state.q ? excerpt : null,
        badges.childNodes.length ? badges : null,
        compareLink(data.url, title)
      ]));
    });
    shown += batch.length;
    more.hidden = shown >= current.length;
    // Before the next paint, not now: reading the scroll position here would force the browser to lay
    // out the new results at once, before they are all in place (about 25 ms on a first search).
    requestAnimationFrame(saveView);
  }

  // "Vergelijk", as on the cards of the other lists (parts.html.j2): the compare page adds the practice
  // whose page this result is (…/praktijken/<slug>/) to the last comparison.
  function compareLink(url, title) {
    var slug = /\/praktijken\/([^\/?#]+)\/?$/.exec(String(url || "").split(/[?#]/)[0]);
    if (!slug) return null;
    return el("p", { class: "pk-card__compare" }, [
      el("a", { href: COMPARE_PAGE + "?voeg=" + slug[1], text: "Vergelijk" }, [
        el("span", { class: "pk-visually-hidden", text: " " + title })
      ])
    ]);
  }

  function decode(text) {
    var area = document.createElement("textarea");
    area.innerHTML = text;
    return area.value;
  }

  // keep: show at least as many results as now (the same search again, with every filter's counts).
  async function run(keep) {
    var mine = ++token;
    var wanted = restore ? restore.shown : (keep === true ? shown : 0);
    readForm();
    writeUrl();
    suggestions.hidden = true;
    suggestions.textContent = "";
    var hasFilters = Object.keys(state.filters).length > 0;
    if (!state.q && !hasFilters) {
      results.textContent = "";
      more.hidden = true;
      status.textContent = "Typ een zoekterm of kies een filter.";
      restore = null;
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
    do { await showMore(); } while (mine === token && shown < Math.min(wanted, current.length));
    if (restore && mine === token) {
      window.scrollTo(0, restore.scroll);
      restore = null;
      saveView();
    }
    performance.mark("pk-search-done");
    if (count === 0 && mine === token) suggest(mine);
  }

  // When nothing is found: other searches that do find something, with their counts: the same
  // words without one of the filters, other wordings and broader or narrower terms of a term the
  // words name, and each word alone.
  function addressOf(q, filters) {
    var next = new URLSearchParams();
    if (q) next.set("q", q);
    Object.keys(filters).forEach(function (key) {
      filters[key].forEach(function (value) { next.append(key, value); });
    });
    if (state.sort !== DEFAULT_SORT) next.set("sort", state.sort);
    return "?" + next.toString();
  }

  function relatedWords(q) {
    var key = q.toLowerCase().split(/\s+/).join(" ");
    var words = [];
    TERMS.forEach(function (term, index) {
      var wordings = term[0].map(function (w) { return w.toLowerCase(); });
      if (wordings.indexOf(key) === -1) return;
      var related = term[0].slice();
      term[1].forEach(function (b) { related.push(TERMS[b][0][0]); });
      TERMS.forEach(function (other) { if (other[1].indexOf(index) !== -1) related.push(other[0][0]); });
      related.forEach(function (w) {
        if (w.toLowerCase() !== key && words.indexOf(w) === -1) words.push(w);
      });
    });
    return words;
  }

  async function suggest(mine) {
    var tries = [];
    Object.keys(state.filters).forEach(function (key) {
      state.filters[key].forEach(function (value) {
        var fewer = {};
        Object.keys(state.filters).forEach(function (k) {
          var kept = state.filters[k].filter(function (v) { return k !== key || v !== value; });
          if (kept.length) fewer[k] = kept;
        });
        tries.push({ text: "zonder filter " + (FILTER_LABELS[key] || key) + ": " + value, q: state.q, filters: fewer });
      });
    });
    if (state.q) {
      relatedWords(state.q).forEach(function (word) { tries.push({ text: word, q: word, filters: state.filters }); });
      var words = state.q.split(/\s+/);
      if (words.length > 1) words.forEach(function (word) { tries.push({ text: word, q: word, filters: state.filters }); });
    }
    var found = [];
    for (var i = 0; i < tries.length && found.length < 6; i++) {
      var filters = {};
      Object.keys(tries[i].filters).forEach(function (key) { filters[key] = { any: tries[i].filters[key] }; });
      var search = await pagefind.search(tries[i].q || null, { filters: filters });
      if (mine !== token) return;
      if (search && search.results.length) found.push({ attempt: tries[i], count: search.results.length });
    }
    var list = el("ul", {});
    found.forEach(function (f) {
      list.appendChild(el("li", {}, [
        el("a", { href: addressOf(f.attempt.q, f.attempt.filters), text: f.attempt.text }),
        document.createTextNode(" (" + f.count + (f.count === 1 ? " praktijk)" : " praktijken)"))
      ]));
    });
    list.appendChild(el("li", {}, [el("a", { href: BROWSE_PAGE, text: "bladeren per sector, doelgroep, regio of organisatie" })]));
    suggestions.appendChild(el("p", { text: "Probeer:" }));
    suggestions.appendChild(list);
    suggestions.hidden = false;
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
  sortSelect.addEventListener("change", function () { run(); });
  filterPane.addEventListener("change", function () { run(); });
  more.addEventListener("click", function () { showMore(); });

  try {
    await run();
  } finally {
    startThemeScripts();
  }
})();
