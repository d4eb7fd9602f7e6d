"""Reading the digest printed in a 申报书 PDF."""

import re
import subprocess
import tempfile

DIGEST = re.compile(rb"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
TEXT_DIGEST = re.compile(r"[0-9a-f]{64}")


def digests_in_pdf(data: bytes) -> list[str]:
    """Every 64-hex string found in the PDF's raw bytes (metadata) or its text (pdftotext)."""
    found = [m.decode() for m in DIGEST.findall(data)]
    if not found:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(data)
            fh.flush()
            try:
                text = subprocess.run(["pdftotext", "-l", "2", fh.name, "-"], capture_output=True, timeout=20).stdout
            except (OSError, subprocess.TimeoutExpired):
                return []
        compact = re.sub(r"\s+", "", text.decode("utf-8", "replace"))
        found = TEXT_DIGEST.findall(compact)
    return list(dict.fromkeys(found))
