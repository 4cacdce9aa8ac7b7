/* The web editor's record format "praktijk-yaml": the canonical form of `praktijken fmt`
 * (generator/fmt.py), so that saving a record through the form changes only the lines of the
 * fields that were edited, and a saved record passes `praktijken fmt --check`.
 *
 * An ES module, loaded by praktijken-admin.js, which registers it with Decap
 * (CMS.registerCustomFormat) before starting Decap; node imports it too (tests/test_admin.py).
 * The writer is the npm package yaml 1.10.3, the same version as Decap's own YAML format and the
 * one generator/fmt.py ports, copied beside this file (yaml/) by the build, with:
 *
 * - lineWidth 0: no line is folded (Decap's own format folds at 80 columns and writes multi-line
 *   text with a long line as a folded '>' block); multi-line text is a literal block ('|', '|-');
 * - the yaml defaults otherwise: block style, 2 spaces, list items indented under their key;
 * - keys in the order of the form's fields (config.yml, generated from the models), unknown keys
 *   after them; strengths, challenges, conditions and steps always with "text:" (read so too);
 * - the two rules fmt.py adds for YAML 1.1 (PyYAML, which reads the records): text that YAML 1.1
 *   would read unquoted as something else ("NO", "yes", "on", "2020-01-01", "1:30", "017", "~")
 *   is double-quoted, except a date in a date field (reviewed: 2026-11-30, which YAML 1.1 reads
 *   as the date it is); line separators (U+2028, U+2029, U+FEFF) are written as escapes;
 * - the field comments of config.yml (the first line, the schema line) as '#' lines before their
 *   key, as Decap's own YAML format writes them.
 */
import { YAML } from "./yaml/index.js";
import { Scalar, YAMLMap, YAMLSeq } from "./yaml/types.js";
import { Type } from "./yaml/util.js";

YAML.scalarOptions.str.fold.lineWidth = 0; // this copy of yaml only: Decap's bundle has its own

export var NAME = "praktijk-yaml";
export var EXTENSION = "yaml";

// YAML 1.1's implicit types, as PyYAML resolves an unquoted scalar (yaml/resolver.py). yaml 1.10's
// own option version: '1.1' is not used: its YAML 1.1 differs from PyYAML's (y and n are booleans
// there) and it would quote the date of a date field. tests/test_admin.py compares with fmt.py.
var YAML_1_1 = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
  /^(?:!|&|\*)$/,
];
var DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
var LINE_SEPARATORS = { "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\ufeff" };

function readsAsOtherThanText(text) {
  return YAML_1_1.some(function (pattern) { return pattern.test(text); });
}

// Plain data: a Date as the text YAML 1.1 writes for it, keys without a value left out.
function plain(value) {
  if (value instanceof Date) return value.toISOString().replace(/((T00:00)?:00)?\.000Z$/, "");
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    var out = {};
    Object.keys(value).forEach(function (key) {
      if (value[key] !== undefined) out[key] = plain(value[key]);
    });
    return out;
  }
  return value;
}

function fieldNamed(fields, name) {
  return (fields || []).filter(function (f) { return f.name === name; })[0];
}

// List items written as plain text where the form has parts (strengths, steps: "text_items" in
// config.yml) as {text: ...}, as fmt.py reads them.
function textItems(value, field) {
  if (Array.isArray(value)) {
    var itemField = field && (field.field || (field.fields ? { fields: field.fields } : field));
    return value.map(function (item) {
      return textItems(field && field.text_items && typeof item === "string" ? { text: item } : item, itemField);
    });
  }
  if (value && typeof value === "object" && field && field.fields) {
    var out = {};
    Object.keys(value).forEach(function (key) { out[key] = textItems(value[key], fieldNamed(field.fields, key)); });
    return out;
  }
  return value;
}

function keyOf(pair) {
  return String(pair.key instanceof Scalar ? pair.key.value : pair.key);
}

// Orders the keys of every mapping by the form's fields and chooses the quoting fmt.py chooses;
// ``field`` is the Decap field of ``node`` (its ``fields`` are its parts), undefined for a key the
// form does not know.
function shape(node, field) {
  if (node instanceof YAMLMap) {
    var fields = (field && field.fields) || [];
    var order = fields.map(function (f) { return f.name; });
    var rank = function (pair) {
      var index = order.indexOf(keyOf(pair));
      return index < 0 ? order.length : index;
    };
    node.items = node.items
      .map(function (pair, index) { return { rank: rank(pair), index: index, pair: pair }; })
      .sort(function (a, b) { return a.rank - b.rank || a.index - b.index; })
      .map(function (entry) { return entry.pair; });
    node.items.forEach(function (pair) {
      var name = keyOf(pair);
      shape(pair.value, fieldNamed(fields, name));
    });
  } else if (node instanceof YAMLSeq) {
    // a list of parts ("fields"), of single values ("field"), or a multiple select (the field itself)
    var itemField = field && (field.field || (field.fields ? { fields: field.fields } : field));
    node.items.forEach(function (item) { shape(item, itemField); });
  } else if (node instanceof Scalar && typeof node.value === "string") {
    var text = node.value;
    if (/[\u2028\u2029\ufeff]/.test(text)) {
      node.type = Type.QUOTE_DOUBLE;
    } else if (text.indexOf("\n") < 0 && readsAsOtherThanText(text)
               && !(field && field.widget === "datetime" && DATE.test(text))) {
      node.type = Type.QUOTE_DOUBLE;
    }
  }
}

// The field comments, as Decap's own YAML format adds them (decap-cms-core/src/formats/yaml.ts).
function addComments(items, comments, prefix) {
  items.forEach(function (item) {
    if (item.key === undefined) return;
    var key = prefix ? prefix + "." + item.key.toString() : item.key.toString();
    if (comments[key]) item.commentBefore = " " + comments[key].split("\\n").join("\n ");
    if (item.value && Array.isArray(item.value.items)) addComments(item.value.items, comments, key);
  });
}

/** The record's text: ``fields`` are the collection's fields in config.yml. */
export function toFile(data, fields, comments) {
  var contents = YAML.createNode(textItems(plain(data), { fields: fields }));
  shape(contents, { fields: fields });
  if (comments && contents && Array.isArray(contents.items)) addComments(contents.items, comments, "");
  var doc = new YAML.Document();
  doc.contents = contents;
  return doc.toString().replace(/[\u2028\u2029\ufeff]/g, function (ch) { return LINE_SEPARATORS[ch]; });
}

/** A record's data from its text (YAML 1.2, as Decap's own format reads it; comments dropped). */
export function fromFile(content) {
  var doc = YAML.parseDocument(content, { prettyErrors: true });
  doc.warnings.forEach(function (warning) { console.warn("YAML warning: " + warning.message); });
  if (doc.errors.length > 0) {
    throw new Error("YAML parsing error:\n" + doc.errors.map(function (e) { return e.message; }).join("\n"));
  }
  return doc.toJSON();
}

/** Decap's formatter ({fromFile, toFile}) for a collection with these fields. */
export function formatter(fields) {
  return {
    fromFile: function (content) { return textItems(fromFile(content), { fields: fields }); },
    toFile: function (data, sortedKeys, comments) { return toFile(data, fields, comments); },
  };
}
