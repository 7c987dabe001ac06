from ui.placeholder import not_yet_built

not_yet_built("Violent crime", "police-recorded violence, weapons and robbery by month with rolling 12 months, where violence is recorded, and the Serious Violence Duty measures.")
