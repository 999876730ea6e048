"""Residents' front door: online requests, tracking, the desa's desk for them, delivery, retention.

Modules, one per use-case family: `requests` (ask online, confirm, fix), `tracking` (progress and
the signed PDF by tracking code + NIK digits), `desk` (the desa's side: inbox, start, fix, reject,
attachments), `delivery` (telling the resident), `retention` (deleting attachments), `pins`
(desa-issued PINs); `uploads`, `limits` and `messages` are their building blocks.
"""
