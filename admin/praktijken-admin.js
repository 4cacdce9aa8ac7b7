/* The web editor's own parts, on top of Decap CMS (loaded before this script as window.CMS, with
 * window.CMS_MANUAL_INIT set in index.html, so that Decap starts only when this script says so):
 *
 * - the record format "praktijk-yaml" (praktijken-yaml.js, an ES module, imported here): records
 *   are written in the canonical form of `praktijken fmt`, so a one-field edit is a one-line diff;
 *   Decap is started (CMS.init) once it is registered;
 * - the widget "getal" for amounts and figures: a text field that stores a number only when what
 *   was typed matches the field's pattern (no thousands separators: "1.200" is refused, never
 *   stored as 1.2); otherwise it keeps the text, which the pattern refuses, so saving is blocked
 *   with the pattern's Dutch message;
 * - before saving: fields left empty are removed (the records leave out what the source does not
 *   say; an empty text would not pass `praktijken validate`), and the keys of every part are put
 *   in the order of the form's fields, which is the order of the canonical record form.
 *
 * The field order and the patterns come from config.yml (generated from the models; JSON, which is
 * YAML, so it is read here with JSON.parse).
 */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;

  var config = fetch("config.yml", { credentials: "same-origin" })
    .then(function (response) { return response.text(); })
    .then(function (text) { return JSON.parse(text.replace(/^#.*$/gm, "")); });

  function patternOf(field) {
    var pattern = field.get("pattern");
    return pattern ? new RegExp(pattern.first()) : null;
  }

  function shown(value) {
    if (value === undefined || value === null) return "";
    return String(value);
  }

  var GetalControl = createClass({
    getInitialState: function () {
      return { text: shown(this.props.value) };
    },
    componentDidUpdate: function (previous) {
      // A value set from outside (an entry loaded, a list item moved) replaces what is shown.
      if (previous.value !== this.props.value && this.props.value !== this.stored) {
        this.stored = this.props.value;
        this.setState({ text: shown(this.props.value) });
      }
    },
    handleChange: function (event) {
      var text = event.target.value;
      var trimmed = text.trim();
      var value;
      if (trimmed === "") {
        value = "";
      } else {
        var pattern = patternOf(this.props.field);
        if (!pattern || pattern.test(trimmed)) {
          var number = Number(trimmed.replace(",", "."));
          value = isFinite(number) ? (this.props.field.get("value_type") === "int" ? Math.trunc(number) : number) : trimmed;
        } else {
          value = trimmed; // refused by the pattern when the form is saved
        }
      }
      this.stored = value;
      this.setState({ text: text });
      this.props.onChange(value);
    },
    render: function () {
      return h("input", {
        type: "text",
        inputMode: "decimal",
        autoComplete: "off",
        id: this.props.forID,
        className: this.props.classNameWrapper,
        value: this.state.text,
        onChange: this.handleChange,
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle,
      });
    },
  });

  var GetalPreview = createClass({
    render: function () {
      return h("span", {}, shown(this.props.value));
    },
  });

  CMS.registerWidget("getal", GetalControl, GetalPreview);

  function isMap(value) {
    return value && typeof value.keySeq === "function" && typeof value.push !== "function";
  }

  function isList(value) {
    return value && typeof value.keySeq === "function" && typeof value.push === "function";
  }

  function isEmpty(value) {
    return value === undefined || value === null || value === "" || (isMap(value) && value.size === 0);
  }

  // The value with empty fields left out and its keys in the order of ``fields`` (Decap's field
  // settings); unknown keys keep their place after the known ones.
  function tidy(value, fields) {
    if (isList(value)) {
      return value.map(function (item) { return tidy(item, fields); });
    }
    if (!isMap(value) || !fields) return value;
    var byName = {};
    var order = fields.map(function (field) { byName[field.name] = field; return field.name; });
    var keys = order.filter(function (key) { return value.has(key); })
      .concat(value.keySeq().toArray().filter(function (key) { return order.indexOf(key) < 0; }));
    return value.clear().withMutations(function (map) {
      keys.forEach(function (key) {
        var field = byName[key];
        var item = tidy(value.get(key), field && field.fields);
        if (!isEmpty(item)) map.set(key, item);
      });
    });
  }

  // Fields a part needs once it is filled in (a period needs its wording), with Dutch messages.
  function missing(value, fields, path) {
    var messages = [];
    if (isList(value)) {
      value.forEach(function (item) { messages = messages.concat(missing(item, fields, path)); });
      return messages;
    }
    if (!isMap(value) || !fields) return messages;
    fields.forEach(function (field) {
      var item = value.get(field.name);
      if (field.required_when_part_filled && isEmpty(item)) {
        messages.push(path + ": vul ook '" + field.label + "' in, of laat '" + path + "' helemaal leeg.");
      }
      if (!isEmpty(item)) messages = messages.concat(missing(item, field.fields, field.label));
    });
    return messages;
  }

  // Decap's list items have icon buttons without a name (collapse, remove) and a drag handle
  // without one; screen readers would announce "button". They get Dutch names here.
  function nameButtons(root) {
    root.querySelectorAll('[class*="TopBar"] > button:not([aria-label])').forEach(function (button) {
      if (button.textContent.trim()) return; // "Voeg … toe" has its own name
      var index = Array.prototype.indexOf.call(button.parentNode.children, button);
      button.setAttribute("aria-label", index === 0 ? "In- of uitklappen" : "Dit item verwijderen");
    });
    root.querySelectorAll('[aria-roledescription="sortable"][role="button"]:not([aria-label])').forEach(function (handle) {
      handle.setAttribute("aria-label", "Versleep om de volgorde te wijzigen");
    });
  }
  new MutationObserver(function () { nameButtons(document); })
    .observe(document.documentElement, { childList: true, subtree: true });

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      return config.then(function (settings) {
        var fields = settings.collections[0].fields;
        var data = tidy(event.entry.get("data"), fields);
        var messages = missing(data, fields, "");
        if (messages.length) throw new Error(messages.join(" "));
        return data;
      });
    },
  });

  // The record format needs the collection's fields (key order, date fields); Decap starts after
  // it is registered, so it never reads or writes a record in its own YAML format.
  Promise.all([import("./praktijken-yaml.js"), config])
    .then(function (loaded) {
      var format = loaded[0];
      var collection = loaded[1].collections[0];
      CMS.registerCustomFormat(format.NAME, format.EXTENSION, format.formatter(collection.fields));
      CMS.init();
    })
    .catch(function (error) {
      console.error(error);
      var message = document.createElement("p");
      message.setAttribute("role", "alert");
      message.textContent = "Het webformulier kon niet starten (" + error.message + "). Laad de pagina opnieuw; "
        + "lukt het dan nog niet, meld het dan via de link 'Meld een fout' op de site.";
      document.body.appendChild(message);
    });
})();
