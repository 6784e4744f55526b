"""The web layer: one blueprint per area (auth, quiz, teacher, health), forms, error pages, security headers.

Views are thin: they load what the request names, ask a service or the core's rules, and turn the
answer into a page or a redirect with words for people.
"""
