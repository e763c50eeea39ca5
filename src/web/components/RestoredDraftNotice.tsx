import { Alert, Button } from 'antd';

/**
 * Says that what was typed and not saved last time is back (lib/local-draft.ts), with a button to discard it; the
 * note itself can be closed. One for every form that keeps a draft on the phone (the weekly report, 记录学习活动).
 */
export function RestoredDraftNotice(props: {
  message: string;
  discardLabel: string;
  onDiscard: () => void;
  onClose: () => void;
  /** `${testId}` on the note, `${discardTestId}` on its button. */
  testId: string;
  discardTestId: string;
}) {
  return (
    <Alert
      type="info"
      showIcon
      data-testid={props.testId}
      message={props.message}
      closable
      onClose={props.onClose}
      action={
        <Button size="small" onClick={props.onDiscard} data-testid={props.discardTestId}>
          {props.discardLabel}
        </Button>
      }
    />
  );
}
