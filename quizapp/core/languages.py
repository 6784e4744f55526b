"""Language codes a question file may give (``language: es``): a language Babel's data knows.

A quiz may be in any real language, not only those the interface speaks: its ``lang`` attribute
tells a screen reader how to pronounce the article, whatever language the pages around it are in.
"""

from __future__ import annotations

import re

from babel import localedata

_CODE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")  # 'es', 'pt-BR': the BCP 47 forms a teacher writes


def known(code: str) -> bool:
    """Return whether code names a language (optionally with a region) that Babel has data for."""
    return bool(_CODE.match(code)) and localedata.exists(code.replace("-", "_"))
