from ui.placeholder import not_yet_built

not_yet_built("Upload extracts", "the upload, check and load of quarterly extracts for officers. Until then, officers load files with `python cli.py ingest`.")
