"""A Google API discovery document for the Perspective-compatible endpoint.

Perspective's official Python sample builds its client from a discovery document
(``discovery.build("commentanalyzer", "v1alpha1", discoveryServiceUrl=...)``). Serving one at
``/$discovery/rest?version=v1alpha1`` lets that code run unchanged against hatescope: only the
``discoveryServiceUrl`` changes. The document describes just ``comments.analyze``, and says which languages
it answers for and the bar they met (the packaged language support report, docs/MULTILINGUAL.md).
"""

from __future__ import annotations

from typing import Any

_TEXT_ENTRY = {
    "id": "TextEntry",
    "type": "object",
    "properties": {"text": {"type": "string"}, "type": {"type": "string", "enum": ["PLAIN_TEXT", "HTML"]}},
}
_SCORE = {"id": "Score", "type": "object", "properties": {"value": {"type": "number", "format": "float"}, "type": {"type": "string"}}}


def languages_note(languages: list[str], support: dict[str, Any]) -> str:
    """One sentence: the languages answered and where the list comes from."""
    measured = sorted(support.get("supported", []))
    bar = support.get("bar", {})
    source = (f"the languages that met the bar of hatescope's language support report {support.get('version', '?')} "
              f"({bar.get('sealed_rule', '?')}, over at least {bar.get('sealed_min_n', '?')} sealed in-house rows; "
              f"{bar.get('public_rule', '?')}, public_min_macro_f1 = {bar.get('public_min_macro_f1', '?')}; "
              "docs/MULTILINGUAL.md)")
    if sorted(languages) != measured:
        source = f"set by the operator (the report's bar admits: {', '.join(measured) or 'none'}; {source})"
    return f"Languages answered: {', '.join(sorted(languages)) or 'none'}; {source}. Others get 400 LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE."


def discovery_document(root_url: str, *, languages: list[str], support: dict[str, Any]) -> dict[str, Any]:
    root_url = root_url if root_url.endswith("/") else root_url + "/"
    note = languages_note(languages, support)
    return {
        "kind": "discovery#restDescription",
        "discoveryVersion": "v1",
        "id": "commentanalyzer:v1alpha1",
        "name": "commentanalyzer",
        "version": "v1alpha1",
        "title": "Perspective Comment Analyzer API, served by hatescope",
        "description": f"Perspective-compatible AnalyzeComment answered by hatescope (docs/API.md). {note}",
        "protocol": "rest",
        "rootUrl": root_url,
        "servicePath": "",
        "baseUrl": root_url,
        "batchPath": "batch",
        "parameters": {
            "key": {"type": "string", "location": "query", "description": "API key (`hatescope keys create`)."},
            "alt": {"type": "string", "default": "json", "enum": ["json"], "location": "query"},
            "prettyPrint": {"type": "boolean", "default": "true", "location": "query"},
        },
        "resources": {
            "comments": {
                "methods": {
                    "analyze": {
                        "id": "commentanalyzer.comments.analyze",
                        "path": "v1alpha1/comments:analyze",
                        "flatPath": "v1alpha1/comments:analyze",
                        "httpMethod": "POST",
                        "parameters": {},
                        "parameterOrder": [],
                        "request": {"$ref": "AnalyzeCommentRequest"},
                        "response": {"$ref": "AnalyzeCommentResponse"},
                        "description": f"Analyzes the provided text and returns scores for requested attributes. {note}",
                    }
                }
            }
        },
        "schemas": {
            "TextEntry": _TEXT_ENTRY,
            "Score": _SCORE,
            "AnalyzeCommentRequest": {
                "id": "AnalyzeCommentRequest",
                "type": "object",
                "properties": {
                    "comment": {"$ref": "TextEntry"},
                    "requestedAttributes": {"type": "object", "additionalProperties": {"type": "object"}},
                    "languages": {"type": "array", "items": {"type": "string"}, "description": note},
                    "doNotStore": {"type": "boolean"},
                    "spanAnnotations": {"type": "boolean"},
                    "clientToken": {"type": "string"},
                    "sessionId": {"type": "string"},
                    "communityId": {"type": "string"},
                },
            },
            "AnalyzeCommentResponse": {
                "id": "AnalyzeCommentResponse",
                "type": "object",
                "properties": {
                    "attributeScores": {"type": "object", "additionalProperties": {"type": "object"}},
                    "languages": {"type": "array", "items": {"type": "string"}},
                    "detectedLanguages": {"type": "array", "items": {"type": "string"}},
                    "clientToken": {"type": "string"},
                },
            },
        },
    }
