"""Copy the card pictures a production build of the demo draws into docs/cards/.

    .venv/bin/python docs/make_card_pictures.py

Builds the demo blog with publishconf.py into a temporary folder (its own
POSSE_STATE_DIR, so your .posse/ is left alone) and saves each article's card
as docs/cards/<file name>.png. The pictures are committed: look at each one
before committing (neither a build nor the tests run this script).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "cards"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="posse-demo-cards-") as tmp:
        output, state = Path(tmp) / "output", Path(tmp) / "state"
        subprocess.run(
            [
                sys.executable, "-m", "pelican", "content", "-s", "publishconf.py",
                "-o", str(output), "-e", f"POSSE_STATE_DIR={json.dumps(str(state))}",
            ],
            cwd=ROOT,
            check=True,
        )  # fmt: skip
        manifest = json.loads((state / "manifest.json").read_text("utf-8"))
        OUT.mkdir(parents=True, exist_ok=True)
        for article in manifest["articles"]:
            image = article.get("image") or ""
            if "/posse/cards/" not in image:
                continue
            picture = output / "posse" / "cards" / image.rsplit("/", 1)[1]
            target = OUT / f"{Path(article['source_path']).stem}.png"
            shutil.copyfile(picture, target)
            print(f"{target.relative_to(ROOT)}: {article['title']}")


if __name__ == "__main__":
    main()
