from ui.placeholder import not_yet_built

not_yet_built("Awareness and training", "schools reached, staff trained, partners and Members reached and community guardians (recommendations 4 to 7).")
