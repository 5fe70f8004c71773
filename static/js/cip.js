// Citizens in Policing: start GOV.UK Frontend's components.
// Loaded with <script type="module">, so browsers without ES module support
// skip it and get the plain (no-JavaScript) pages, as GOV.UK Frontend intends.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { enhanceCallouts } from "./callouts.js";
import { enhanceCopyButtons } from "./copy.js";
import { enhanceTables } from "./tables.js";

initAll();
enhanceTables(document);
enhanceCopyButtons(document);
enhanceCallouts(document);
