"""Rule kinds and what they measure / 规则类型及其度量."""
