"""The web layer keeps no models of its own: an upload's progress is its job's (louyu.jobs.models.Job)."""
