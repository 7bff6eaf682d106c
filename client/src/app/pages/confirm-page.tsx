// /bevestigen#<secret>: the page of the "Klopt nog" link in a freshness e-mail. Open to anyone holding the link, signed
// in or not: the secret in the fragment is the credential, and nothing happens until the button is tapped.

import { Link } from "react-router";
import { OneTapConfirm } from "../../features/freshness/components/one-tap-confirm.js";
import { useOneTap } from "../../features/freshness/hooks/use-one-tap.js";

export function ConfirmPage() {
  const { state, confirm } = useOneTap();
  return (
    <section className="page">
      <title>Cijfers bevestigen — Beschikbaarheidswijzer Twente</title>
      <h1>Kloppen uw vrije plekken nog?</h1>
      <OneTapConfirm
        state={state}
        onConfirm={() => void confirm()}
        changeLink={
          <Link to="/aanbieder" data-testid="one-tap-change">
            Wijzigen (inloggen)
          </Link>
        }
      />
    </section>
  );
}
