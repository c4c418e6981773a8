// Part 1 of the differential test's seeded sequence (suite.ts): the parts run side by side.
import { differentialSuite } from "./suite.js";

differentialSuite(0);
