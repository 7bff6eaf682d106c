// The scheduled jobs for the beheerder: what runs when, how it last went, and what is next.
import { jobListSchema } from "../../../shared/schemas/jobs.js";
import { defineRoute } from "../../http/routes.js";
import { type JobsDeps, jobList } from "./service.js";

export function jobRoutes(deps: JobsDeps) {
  return [
    defineRoute({
      method: "get",
      path: "/api/jobs",
      summary: "De geplande taken: schema, laatste run met uitkomst en aantallen, mislukkingen en volgende run",
      tag: "beheer",
      access: "jobs.read",
      schemas: {},
      response: jobListSchema,
      handler: () => jobList(deps),
    }),
  ];
}
