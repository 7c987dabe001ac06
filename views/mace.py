from ui.placeholder import not_yet_built

not_yet_built("MACE hub and disruption", "children and contexts discussed at the MACE hub and disruption activity (recommendation 8).")
