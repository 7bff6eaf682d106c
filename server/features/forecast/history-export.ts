// The database's forecast history as the JSON file the backtest reads (npm run forecast:export-history).
import { toHistoryFile } from "../../../shared/rules/forecast-history-file.js";
import type { Db } from "../../db/client.js";
import * as repo from "./repository.js";

/** The history file of the database behind `db`, as JSON text. */
export async function exportHistory(db: Db): Promise<string> {
  const [history, municipalities] = await Promise.all([repo.loadHistory(db), repo.locationMunicipalities(db)]);
  return `${JSON.stringify(toHistoryFile(history, municipalities))}\n`;
}
