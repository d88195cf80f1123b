// The input for one ABI parameter, built recursively from its type: a text field per leaf (with a
// ×1e18 helper for integers and a keccak256 helper for bytes32, a true/false choice for bool), a
// fieldset per tuple (one field per component) and per array (items to add and remove; a fixed array
// has its length), each array or tuple also editable as JSON. Errors show under their own field.
import { useState } from "react";
import {
  arrayShape,
  elementParam,
  type FieldErrors,
  type FieldState,
  hashText,
  initialState,
  intBounds,
  isTuple,
  type Param,
  parseField,
  parseJsonValue,
  scale1e18,
  stateFromValue,
  toJsonText,
  typeLabel,
} from "./abiInput.ts";

type FieldProps = {
  param: Param;
  state: FieldState;
  onChange: (state: FieldState) => void;
  /** The field's path ("0", "0.1"): its error key and, with idPrefix, its element id. */
  path: string;
  idPrefix: string;
  errors: FieldErrors;
  /** The label's name part (a component's name, "spender", "items[2]"). */
  name: string;
  disabled?: boolean;
};

const fieldId = (idPrefix: string, path: string) => `${idPrefix}-${path.replace(/\./g, "-")}`;

export function AbiField(props: FieldProps) {
  const { param } = props;
  if (arrayShape(param.type)) return <ArrayField {...props} />;
  if (isTuple(param)) return <TupleField {...props} />;
  return <LeafField {...props} />;
}

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p id={id} className="error debug-field-error">
      {error}
    </p>
  );
}

function LeafField({ param, state, onChange, path, idPrefix, errors, name, disabled }: FieldProps) {
  const [helperError, setHelperError] = useState<string>();
  const id = fieldId(idPrefix, path);
  const errorId = `${id}-error`;
  const text = state.kind === "leaf" ? state.text : "";
  const error = helperError ?? errors[path];
  const set = (next: string) => {
    setHelperError(undefined);
    onChange({ kind: "leaf", text: next });
  };
  const bounds = intBounds(param.type);
  const placeholder =
    param.type === "address"
      ? "0x…"
      : bounds
        ? bounds.min < 0n
          ? "-1, 42 or 0x2a"
          : "42, 0x2a or 1e18"
        : param.type.startsWith("bytes")
          ? "0x…"
          : undefined;
  return (
    <div className="field debug-field">
      <label htmlFor={id}>
        {name} <span className="debug-type">({typeLabel(param)})</span>
      </label>
      <div className="debug-input-row">
        {param.type === "bool" ? (
          <select
            id={id}
            value={text === "true" ? "true" : "false"}
            onChange={(e) => set(e.target.value)}
            disabled={disabled}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
          >
            <option value="false">false</option>
            <option value="true">true</option>
          </select>
        ) : (
          <input
            id={id}
            type="text"
            value={text}
            placeholder={placeholder}
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            inputMode={bounds ? "text" : undefined}
            onChange={(e) => set(e.target.value)}
            disabled={disabled}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
          />
        )}
        {bounds ? (
          <button
            type="button"
            className="button secondary debug-helper"
            title="Multiply by 10^18 (1.5 becomes 1500000000000000000)"
            aria-label={`×1e18: multiply ${name} by 10^18`}
            disabled={disabled}
            onClick={() => {
              const scaled = scale1e18(text);
              if (scaled.ok) set(scaled.value);
              else setHelperError(scaled.error);
            }}
          >
            ×1e18
          </button>
        ) : null}
        {param.type === "bytes32" ? (
          <button
            type="button"
            className="button secondary debug-helper"
            title="Replace the text with its keccak256 hash (role ids: MINTER_ROLE)"
            aria-label={`keccak256: hash the text of ${name}`}
            disabled={disabled || text === "" || /^0x[0-9a-f]{64}$/i.test(text.trim())}
            onClick={() => set(hashText(text))}
          >
            keccak256
          </button>
        ) : null}
      </div>
      <FieldError id={errorId} error={error} />
    </div>
  );
}

/** "Edit as JSON" / "Edit as fields" for an array or tuple, carrying the value across. */
function ModeSwitch({
  param,
  state,
  onChange,
  path,
}: Pick<FieldProps, "param" | "state" | "onChange" | "path">) {
  if (state.kind === "leaf") return null;
  const toJson = () => {
    const errors: FieldErrors = {};
    const value = parseField(param, { ...state, mode: "fields" }, path, errors);
    const json = Object.keys(errors).length === 0 ? toJsonText(value) : state.json;
    onChange({ ...state, mode: "json", json });
  };
  const toFields = () => {
    const parsed = parseJsonValue(param, state.json);
    // A value that does not fit its type keeps the fields as they were (the JSON error shows).
    onChange(parsed.ok ? stateFromValue(param, parsed.value) : { ...state, mode: "fields" });
  };
  return (
    <button
      type="button"
      className="link debug-mode"
      onClick={state.mode === "json" ? toFields : toJson}
    >
      {state.mode === "json" ? "Edit as fields" : "Edit as JSON"}
    </button>
  );
}

function JsonField({ param, state, onChange, path, idPrefix, errors, name, disabled }: FieldProps) {
  if (state.kind === "leaf") return null;
  const id = `${fieldId(idPrefix, path)}-json`;
  const errorId = `${id}-error`;
  const error = errors[path];
  const example = isTuple(param)
    ? `{"${param.components?.[0]?.name || "0"}": …} or [ … ]`
    : `[ … ]`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {name} as JSON <span className="debug-type">({typeLabel(param)})</span>
      </label>
      <textarea
        id={id}
        rows={3}
        value={state.json}
        placeholder={example}
        spellCheck={false}
        onChange={(e) => onChange({ ...state, json: e.target.value })}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : `${id}-hint`}
      />
      {error ? null : (
        <p id={`${id}-hint`} className="hint">
          Big numbers may be written as strings ("1000000000000000000").
        </p>
      )}
      <FieldError id={errorId} error={error} />
    </div>
  );
}

function TupleField(props: FieldProps) {
  const { param, state, onChange, path, idPrefix, errors, name, disabled } = props;
  if (state.kind !== "tuple") return null;
  const components = param.components ?? [];
  return (
    <fieldset className="debug-fieldset">
      <legend>
        {name} <span className="debug-type">({typeLabel(param)})</span>
      </legend>
      <ModeSwitch param={param} state={state} onChange={onChange} path={path} />
      {state.mode === "json" ? (
        <JsonField {...props} />
      ) : (
        components.map((component, i) => (
          <AbiField
            // biome-ignore lint/suspicious/noArrayIndexKey: tuple components are positional
            key={`${i}-${component.name}`}
            param={component}
            state={state.fields[i] ?? initialState(component)}
            onChange={(next) =>
              onChange({ ...state, fields: state.fields.map((f, j) => (j === i ? next : f)) })
            }
            path={`${path}.${i}`}
            idPrefix={idPrefix}
            errors={errors}
            name={component.name || `[${i}]`}
            disabled={disabled}
          />
        ))
      )}
    </fieldset>
  );
}

function ArrayField(props: FieldProps) {
  const { param, state, onChange, path, idPrefix, errors, name, disabled } = props;
  if (state.kind !== "list") return null;
  const shape = arrayShape(param.type);
  const fixed = shape?.length !== undefined;
  const element = elementParam(param);
  const listError = state.mode === "fields" ? errors[path] : undefined;
  return (
    <fieldset className="debug-fieldset">
      <legend>
        {name} <span className="debug-type">({typeLabel(param)})</span>
      </legend>
      <ModeSwitch param={param} state={state} onChange={onChange} path={path} />
      {state.mode === "json" ? (
        <JsonField {...props} />
      ) : (
        <>
          {state.items.length === 0 ? <p className="hint">No items.</p> : null}
          {state.items.map((item, i) => (
            // Items have no identity but their position.
            // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity
            <div key={i} className="debug-item">
              <AbiField
                param={element}
                state={item}
                onChange={(next) =>
                  onChange({ ...state, items: state.items.map((it, j) => (j === i ? next : it)) })
                }
                path={`${path}.${i}`}
                idPrefix={idPrefix}
                errors={errors}
                name={`${name}[${i}]`}
                disabled={disabled}
              />
              {fixed ? null : (
                <button
                  type="button"
                  className="link debug-remove"
                  disabled={disabled}
                  onClick={() =>
                    onChange({ ...state, items: state.items.filter((_, j) => j !== i) })
                  }
                >
                  Remove {name}[{i}]
                </button>
              )}
            </div>
          ))}
          {fixed ? null : (
            <button
              type="button"
              className="button secondary debug-add"
              disabled={disabled}
              onClick={() => onChange({ ...state, items: [...state.items, initialState(element)] })}
            >
              Add an item to {name}
            </button>
          )}
          {listError ? (
            <p className="error debug-field-error" role="alert">
              {listError}
            </p>
          ) : null}
        </>
      )}
    </fieldset>
  );
}
