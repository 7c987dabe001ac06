from ui.placeholder import not_yet_built

not_yet_built("The nine recommendations", "the latest progress on each of the review's nine recommendations, with its history.")
