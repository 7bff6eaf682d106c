// Tells the user whether the numbers on screen are still being kept up to date.
import { useConnection } from "../hooks/use-connection.js";
import "./connection-status.css";

const TEXT = {
  connecting: "Verbinden…",
  connected: "Live",
  disconnected: "Verbinding verbroken — aantallen kunnen verouderd zijn",
} as const;

export function ConnectionStatus() {
  const state = useConnection();
  return (
    <p className={`connection connection--${state}`} role="status" data-testid="connection-status">
      <span className="connection__dot" aria-hidden="true" />
      {TEXT[state]}
    </p>
  );
}
