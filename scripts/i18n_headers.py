#!/usr/bin/env python3
"""Set each catalogue's Language and Plural-Forms headers from config/locales.py.

makemessages leaves them blank for languages Django has no catalogue of
(Tigrinya, for one), and gettext then falls back to English plural rules.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config.locales import LOCALES  # noqa: E402


def main() -> None:
    for locale in LOCALES:
        po = ROOT / "locale" / locale.code / "LC_MESSAGES" / "django.po"
        if not po.exists():
            continue
        text = po.read_text(encoding="utf-8")
        text = re.sub(r'"Language: [^"]*\\n"', f'"Language: {locale.code}\\\\n"', text, count=1)
        if '"Plural-Forms:' in text:
            text = re.sub(r'"Plural-Forms: [^"]*\\n"', f'"Plural-Forms: {locale.plural_forms}\\\\n"', text, count=1)
        else:
            text = text.replace(
                '"Content-Transfer-Encoding: 8bit\\n"',
                f'"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: {locale.plural_forms}\\n"',
                1,
            )
        po.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
