// Every strings table of the site, each a data module {en: {key: text}, ru: {key: text}} of one page part.
// Data only, so that Node can import them too (the key coverage test, a build step).
import { STRINGS as shell } from "./shell-strings.js";
import { STRINGS as persist } from "./persist-strings.js";
import { ERROR_STRINGS as errors } from "./error-strings.js";
import { STRINGS as lesson } from "./lesson/strings.js";
import { STRINGS as exercises } from "./exercises/strings.js";
import { STRINGS as playground } from "./playground/strings.js";
import { STRINGS as playgroundPersistence } from "./playground/persistence-strings.js";

export const TABLES = [shell, persist, errors, lesson, exercises, playground, playgroundPersistence];
