# SPDX-License-Identifier: EUPL-1.2
"""Procurement and supervision: grade what suppliers deliver (SBOM quality against the requirements a
contract can cite), and write the register supervisors ask for (DORA register of information).

An engine package: it never imports the CLI or the web app.
"""
