"""``pelican-posse auth NETWORK``: get credentials interactively and store them.

``command.py`` runs it (prompts, output, exit codes); ``flows.py`` holds one
function per network (Threads' and Misskey's in ``flows_threads_misskey.py``);
``envfile.py`` writes and reads the local ``.env.posse`` file; ``words.py``
holds what it says. Kept light: ``messages.py`` imports ``words`` from here.
"""
