// Every strings table of the site, each a data module {en: {key: text}, ru: {key: text}} of one page part.
// Data only, so that Node can import them too (the key coverage test, a build step).
import { STRINGS as shell } from "./shell-strings.js";
import { STRINGS as storage } from "./storage-strings.js";
import { ERROR_MESSAGES_EN } from "./contract.js";
import { ERROR_STRINGS_RU } from "./error-strings.js";
import { STRINGS as lesson } from "./lesson/strings.js";
import { STRINGS as exercises } from "./exercises/strings.js";
import { STRINGS as playground } from "./playground/strings.js";
import { STRINGS as playgroundSaving } from "./playground/saving-strings.js";
import { STRINGS as digits } from "./digits/strings.js";

// Python's InputErrors: the English comes from Python itself (contract.js), the Russian is ours.
const errors = { en: ERROR_MESSAGES_EN, ru: ERROR_STRINGS_RU };

export const TABLES = [shell, storage, errors, lesson, exercises, playground, playgroundSaving, digits];
