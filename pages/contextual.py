from ui.placeholder import not_yet_built

not_yet_built("Contextual versus individual change", "the contextual share of interventions, risk movement for children and contexts side by side, days to first intervention and hotspot reach.")
