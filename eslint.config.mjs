// The page scripts' linter, run by `make test`. Plain browser scripts: no modules, no build step.
import js from "@eslint/js";
import globals from "globals";

// What the shared scripts define for the pages loaded after them, and the vendored Socket.IO client.
const shared = { Kiosk: "readonly", Questions: "readonly", Speech: "readonly", Communes: "readonly", io: "readonly" };

export default [
  { ignores: ["kiosk/static/vendor/", "tests/", "node_modules/", ".venv/"] },
  js.configs.recommended,
  {
    files: ["kiosk/static/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, ...shared },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      eqeqeq: "error",
      "no-implicit-globals": ["error", { lexicalBindings: false }],
      "no-shadow": "error",
      "no-use-before-define": ["error", { functions: false, classes: true, variables: true }],
      "no-var": "error",
      "prefer-const": "error",
      strict: ["error", "global"],
    },
  },
  // A script does not read, as a global, what it defines itself.
  { files: ["kiosk/static/js/live.js"], languageOptions: { globals: { Kiosk: "off" } } },
  { files: ["kiosk/static/js/questions.js"], languageOptions: { globals: { Questions: "off" } } },
  { files: ["kiosk/static/js/speak.js"], languageOptions: { globals: { Speech: "off" } } },
  { files: ["kiosk/static/js/commune.js"], languageOptions: { globals: { Communes: "off" } } },
];
