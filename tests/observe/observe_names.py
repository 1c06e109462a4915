# SPDX-License-Identifier: EUPL-1.2
"""Names the test zones and the tests share (a module of its own: every test folder has a `conftest`,
so `from conftest import ...` finds whichever folder's was imported first)."""

IDN_DOMAIN = "cultuurhuis-één.test"
IDN_ASCII = "xn--cultuurhuis-n-mhba.test"  # Python's own IDNA 2003 codec gives the same
