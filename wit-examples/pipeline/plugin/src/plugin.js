// The `plugin` interface of wit/pipeline.wit for componentize-js. `style` is an enum (a
// string), `counts` a record (an object); `transform` returns `result<string, string>`:
// return the text, or throw the error string.

function titleCase(text) {
  return text.toLowerCase().replace(/(^|[^A-Za-z0-9'])([a-z])/g, (_, before, letter) => before + letter.toUpperCase());
}

export const plugin = {
  name() {
    return 'case-plugin';
  },

  transform(input, style) {
    if (input.length === 0) throw 'empty input';
    switch (style) {
      case 'upper':
        return input.toUpperCase();
      case 'lower':
        return input.toLowerCase();
      case 'title':
        return titleCase(input);
      default:
        throw `unknown style ${style}`;
    }
  },

  count(input) {
    const words = input.split(/\s+/).filter((w) => w.length > 0).length;
    const lines = input.length === 0 ? 0 : input.split('\n').length;
    return { words, lines, chars: [...input].length };
  },
};
