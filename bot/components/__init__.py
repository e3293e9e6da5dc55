"""Our NLU components (named in config.yml) and one fix to Rasa's per-turn cost that every process
loading the model needs (`action_results`)."""

from . import action_results

action_results.install()
