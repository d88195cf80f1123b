// Slippage tolerance and deadline, shared by every form on the pools page and kept in localStorage:
// the provider holds what was typed; `useTradeSettings` gives the checked values.
import { createContext, type ReactNode, useContext, useId, useMemo, useState } from "react";
import {
  type Checked,
  checkDeadline,
  checkSlippage,
  DEFAULT_SETTINGS,
  loadSettings,
  saveSettings,
  type TradeSettings,
} from "./settings.ts";

type Settings = {
  text: TradeSettings;
  set: (next: Partial<TradeSettings>) => void;
  slippage: Checked<bigint>;
  deadline: Checked<bigint>;
  /** Both valid: the forms may send. */
  valid: boolean;
};

const SettingsContext = createContext<Settings | undefined>(undefined);

/** localStorage, or nothing where the browser refuses it (privacy modes may throw on access). */
function storage(): Storage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

export function TradeSettingsProvider({ children }: { children: ReactNode }) {
  const [text, setText] = useState<TradeSettings>(() => loadSettings(storage()));
  const value = useMemo<Settings>(() => {
    const slippage = checkSlippage(text.slippage);
    const deadline = checkDeadline(text.deadlineMinutes);
    return {
      text,
      set: (next) =>
        setText((current) => {
          const merged = { ...current, ...next };
          saveSettings(storage(), merged);
          return merged;
        }),
      slippage,
      deadline,
      valid: slippage.ok && deadline.ok,
    };
  }, [text]);
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useTradeSettings(): Settings {
  const settings = useContext(SettingsContext);
  if (!settings) throw new Error("useTradeSettings outside TradeSettingsProvider");
  return settings;
}

/** A disclosure with the two settings; a summary line when closed. */
export function TradeSettingsPanel() {
  const settings = useTradeSettings();
  const [open, setOpen] = useState(false);
  const id = useId();
  const { slippage, deadline } = settings;
  return (
    <div className="pool-settings">
      <div className="row">
        <button
          type="button"
          className="button secondary"
          aria-expanded={open}
          aria-controls={`${id}-panel`}
          onClick={() => setOpen(!open)}
        >
          Settings
        </button>
        <span className="hint" data-testid="settings-summary">
          Slippage {settings.text.slippage}% · deadline {settings.text.deadlineMinutes} min
        </span>
      </div>
      {!settings.valid && !open ? (
        <p className="error" role="alert">
          The trade settings are invalid: open Settings to fix them.
        </p>
      ) : null}
      {open ? (
        <div id={`${id}-panel`} className="form pool-settings-panel">
          <div className="field">
            <label htmlFor={`${id}-slippage`}>Slippage tolerance (%)</label>
            <div className="row">
              <input
                id={`${id}-slippage`}
                inputMode="decimal"
                autoComplete="off"
                value={settings.text.slippage}
                aria-invalid={!slippage.ok}
                aria-describedby={`${id}-slippage-note`}
                onChange={(e) => settings.set({ slippage: e.target.value })}
              />
              <button
                type="button"
                className="button secondary"
                onClick={() => settings.set({ slippage: DEFAULT_SETTINGS.slippage })}
              >
                Reset
              </button>
            </div>
            <SettingNote id={`${id}-slippage-note`} checked={slippage}>
              Your trade fails if the price moves against you by more than this.
            </SettingNote>
          </div>
          <div className="field">
            <label htmlFor={`${id}-deadline`}>Transaction deadline (minutes)</label>
            <input
              id={`${id}-deadline`}
              inputMode="numeric"
              autoComplete="off"
              value={settings.text.deadlineMinutes}
              aria-invalid={!deadline.ok}
              aria-describedby={`${id}-deadline-note`}
              onChange={(e) => settings.set({ deadlineMinutes: e.target.value })}
            />
            <SettingNote id={`${id}-deadline-note`} checked={deadline}>
              Counted in chain time from when you send; later, the trade is refused.
            </SettingNote>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function SettingNote({
  id,
  checked,
  children,
}: {
  id: string;
  checked: Checked<bigint>;
  children: ReactNode;
}) {
  if (!checked.ok) {
    return (
      <p id={id} className="error" role="alert" data-testid="setting-error">
        {checked.error}
      </p>
    );
  }
  if (checked.warning) {
    return (
      <p id={id} className="warn-text" role="status" data-testid="setting-warning">
        {checked.warning}
      </p>
    );
  }
  return (
    <p id={id} className="hint">
      {children}
    </p>
  );
}
