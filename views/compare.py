from ui.placeholder import not_yet_built

not_yet_built("How we compare", "this authority's published figures beside England, its region and comparator authorities.")
