"""Agreements on file: the signed PDF of an ESP memorandum of agreement or a CSC parish agreement, who signed
for each side and when, and a reminder to coordinators before one expires."""
