// The compare page: two to four practices side by side, row by row. The choice lives in the
// address (?p=slug,slug), so a comparison can be shared, reloaded and printed; the last choice is
// also kept in this browser (localStorage), so "Vergelijk" on another practice (?voeg=slug) adds to it.
// Each practice's rows come from its own small file (data/praktijken/<slug>.json). Everything is
// built with textContent: nothing from the data is ever parsed as HTML.
(function () {
  "use strict";
  var root = document.getElementById("pk-compare");
  var configNode = document.getElementById("pk-compare-config");
  if (!root || !configNode) return;

  var CONFIG = JSON.parse(configNode.textContent);
  var MAX = CONFIG.max;
  var STORE = "pk-vergelijken";
  var byslug = {};
  CONFIG.practices.forEach(function (practice) { byslug[practice.slug] = practice; });
  var siteRoot = new URL(CONFIG.data + "../../", document.baseURI);  // data/praktijken/ is two folders down
  var cache = {};

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function safeHref(href) {
    return /^(https?:\/\/|mailto:)/i.test(href || "") ? href : null;
  }

  function clean(slugs) {
    var seen = {};
    return slugs.filter(function (slug) {
      if (!byslug.hasOwnProperty(slug) || seen[slug]) return false;
      seen[slug] = true;
      return true;
    }).slice(0, MAX);
  }

  function stored() {
    try {
      var value = JSON.parse(window.localStorage.getItem(STORE) || "[]");
      return Array.isArray(value) ? value.map(String) : [];
    } catch (error) {
      return [];
    }
  }

  function store(slugs) {
    try { window.localStorage.setItem(STORE, JSON.stringify(slugs)); } catch (error) { /* private mode: the address is enough */ }
  }

  // The choice: ?p= as given (a shared address stands as it is), or ?voeg= added to the last choice.
  var params = new URLSearchParams(window.location.search);
  var unknown = [];
  var chosen;
  if (params.has("p")) {
    var asked = (params.get("p") || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    unknown = asked.filter(function (slug) { return !byslug.hasOwnProperty(slug); });
    chosen = clean(asked);
  } else {
    chosen = clean(stored());
    var add = params.get("voeg");
    if (add && byslug.hasOwnProperty(add) && chosen.indexOf(add) === -1) {
      if (chosen.length >= MAX) chosen.shift();  // the oldest makes room
      chosen.push(add);
    } else if (add && !byslug.hasOwnProperty(add)) {
      unknown = [add];
    }
  }

  // The controls: a list of every practice to add from, print and share, and the table.
  var status = el("p", { class: "pk-compare__status", role: "status", "aria-live": "polite" });
  var select = el("select", { id: "pk-compare-add", name: "voeg" });
  var addButton = el("button", { type: "submit", class: "md-button md-button--primary", text: "Toevoegen" });
  var form = el("form", { class: "pk-compare__add", action: "." }, [
    el("label", { for: "pk-compare-add", text: "Praktijk toevoegen" }),
    el("div", { class: "pk-compare__add-row" }, [select, addButton])
  ]);
  var printButton = el("button", { type: "button", class: "md-button", text: "Afdrukken" });
  var clearButton = el("button", { type: "button", class: "md-button", text: "Alles wissen" });
  var actions = el("div", { class: "pk-compare__actions" }, [printButton, clearButton]);
  var note = el("p", { class: "pk-compare__note", text: "Het adres van deze pagina bewaart je keuze: kopieer het om de vergelijking te delen." });
  var tableArea = el("div", { class: "pk-compare__table" });
  root.textContent = "";
  root.appendChild(el("div", { class: "pk-compare__controls" }, [form, actions, note]));
  root.appendChild(status);
  root.appendChild(tableArea);

  function fillSelect() {
    select.textContent = "";
    select.appendChild(el("option", { value: "", text: chosen.length >= MAX ? "Je vergelijkt al " + MAX + " praktijken" : "Kies een praktijk…" }));
    CONFIG.practices.forEach(function (practice) {
      if (chosen.indexOf(practice.slug) === -1) select.appendChild(el("option", { value: practice.slug, text: practice.title }));
    });
    var full = chosen.length >= MAX;
    select.disabled = full;
    addButton.disabled = full;
    clearButton.disabled = chosen.length === 0;
  }

  function writeUrl() {
    var query = chosen.length ? "?p=" + chosen.map(encodeURIComponent).join(",") : "";
    history.replaceState(null, "", query || window.location.pathname);
    store(chosen);
  }

  function load(slug) {
    if (!cache[slug]) {
      cache[slug] = fetch(new URL(encodeURIComponent(slug) + ".json", new URL(CONFIG.data, document.baseURI)).href)
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        });
    }
    return cache[slug];
  }

  function cell(row) {
    var lines = (row && row.lines) || [];
    var td = el("td", { class: row && row.given === false ? "pk-compare__missing" : "" });
    var list = lines.length > 1 ? el("ul", {}) : null;
    lines.forEach(function (line) {
      var href = safeHref(line.href);
      var content = href ? el("a", { href: href, text: line.text }) : document.createTextNode(line.text);
      if (href && /^https?:/i.test(href)) content.setAttribute("rel", "noopener");
      if (list) list.appendChild(el("li", {}, [content]));
      else td.appendChild(content);
    });
    if (list) td.appendChild(list);
    return td;
  }

  function message(text) {
    status.textContent = text;
  }

  var token = 0;
  function render() {
    var mine = ++token;
    fillSelect();
    writeUrl();
    var lead = unknown.length ? "Onbekende praktijk in het adres: " + unknown.join(", ") + ". " : "";
    if (!chosen.length) {
      tableArea.textContent = "";
      message(lead + "Kies twee tot " + MAX + " praktijken om ze naast elkaar te zien.");
      return Promise.resolve();
    }
    message(lead + "Praktijken laden…");
    return Promise.all(chosen.map(function (slug) {
      return load(slug).catch(function () { return null; });
    })).then(function (records) {
      if (mine !== token) return;
      tableArea.textContent = "";
      var failed = chosen.filter(function (slug, index) { return !records[index]; });
      var shown = records.filter(Boolean);
      if (!shown.length) {
        message(lead + "De gegevens konden niet geladen worden. Probeer het later opnieuw.");
        return;
      }
      var head = el("tr", {}, [el("th", { scope: "col", text: "Kenmerk" })]);
      shown.forEach(function (record) {
        var remove = el("button", { type: "button", class: "pk-compare__remove", "data-slug": record.slug, text: "Verwijderen" });
        remove.setAttribute("aria-label", "Verwijder " + record.title + " uit de vergelijking");
        head.appendChild(el("th", { scope: "col", "data-slug": record.slug }, [
          el("a", { href: new URL(record.url, siteRoot).href, class: "pk-compare__title", text: record.title }),
          remove
        ]));
      });
      var body = el("tbody", {});
      shown[0].rows.forEach(function (first) {
        var tr = el("tr", { "data-row": first.key }, [el("th", { scope: "row", text: first.label })]);
        shown.forEach(function (record) {
          var row = record.rows.filter(function (r) { return r.key === first.key; })[0];
          var td = cell(row);
          td.setAttribute("data-slug", record.slug);
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      var count = shown.length;
      var table = el("table", { class: "pk-compare-table" }, [
        el("caption", { text: count === 1 ? "Eén praktijk gekozen" : "Vergelijking van " + count + " praktijken" }),
        el("thead", {}, [head]),
        body
      ]);
      tableArea.appendChild(el("div", { class: "pk-table-wrap", tabindex: "0", role: "region", "aria-label": "Vergelijkingstabel" }, [table]));
      var problem = failed.length ? "Niet geladen: " + failed.map(function (s) { return byslug[s].title; }).join(", ") + ". " : "";
      message(lead + problem + (count < 2 ? "Kies nog minstens één praktijk om te vergelijken." : count + " praktijken naast elkaar."));
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var slug = select.value;
    if (!slug || chosen.indexOf(slug) !== -1 || chosen.length >= MAX) {
      select.focus();
      return;
    }
    chosen.push(slug);
    unknown = [];
    render().then(function () { (select.disabled ? tableArea.querySelector("a") : select).focus(); });
  });
  tableArea.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".pk-compare__remove") : null;
    if (!button) return;
    var slug = button.getAttribute("data-slug");
    chosen = chosen.filter(function (s) { return s !== slug; });
    render().then(function () { select.focus(); });
  });
  clearButton.addEventListener("click", function () {
    chosen = [];
    unknown = [];
    render().then(function () { select.focus(); });
  });
  printButton.addEventListener("click", function () { window.print(); });

  render();
})();
