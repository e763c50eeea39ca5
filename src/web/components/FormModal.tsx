import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.ts';
import { errorMessage } from './ErrorAlert.tsx';
import { applyFieldErrors } from './form-errors.ts';
import { useConfirmDiscard } from './use-confirm-discard.ts';

export interface FormModalProps<T extends object> {
  open: boolean;
  title: ReactNode;
  okText?: string;
  onClose: () => void;
  /** Resolves when saved (the modal then closes); a rejection is shown inside the modal. */
  onSubmit: (values: T) => Promise<unknown>;
  initialValues?: Partial<T>;
  /** Gives the OK button `data-testid="<prefix>-ok"`. */
  testIdPrefix: string;
  children: ReactNode | ((form: FormInstance<T>) => ReactNode);
  width?: number;
  okDanger?: boolean;
}

/**
 * Escape pressed inside an open dropdown (a Select, a TreeSelect, a date
 * picker) is meant for the dropdown: it must not also reach the dialog and
 * close it. The dropdown's own handler has run by the time the key bubbles
 * here, but the field still says it was expanded.
 */
export function keepEscapeInDropdown(e: KeyboardEvent<HTMLElement>): void {
  if (e.key !== 'Escape') return;
  const target = e.target as HTMLElement | null;
  const expanded = target?.closest('[aria-expanded="true"]') ?? (target?.getAttribute('aria-expanded') === 'true' ? target : null);
  const picker = target?.closest('.ant-picker-focused, .ant-select-open');
  if (expanded || picker) e.stopPropagation();
}

/**
 * A modal around one vertical form, with the server's error shown in place and
 * field errors on their fields. Closing it with typed changes (Cancel, ×, Esc)
 * asks first, so nothing typed is lost by a stray tap.
 */
export function FormModal<T extends object>({
  open,
  title,
  okText,
  onClose,
  onSubmit,
  initialValues,
  testIdPrefix,
  children,
  width = 520,
  okDanger,
}: FormModalProps<T>) {
  const { t } = useI18n();
  const confirmDiscard = useConfirmDiscard(testIdPrefix);
  const [form] = Form.useForm<T>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  // The server's answer shows above the form: on a phone, a long form's Save is far below it, so bring it into view.
  useEffect(() => {
    if (error) errorRef.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [error]);

  const handleFinish = async (values: T) => {
    setPending(true);
    setError(null);
    try {
      await onSubmit(values);
      onClose();
    } catch (err) {
      setError(err);
      applyFieldErrors(form, err);
    } finally {
      setPending(false);
    }
  };

  const conflict = error instanceof ApiError && error.isStale;

  const requestClose = () => {
    if (!pending) confirmDiscard(form.isFieldsTouched(), onClose);
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={requestClose}
      confirmLoading={pending}
      okButtonProps={{ danger: okDanger, 'data-testid': `${testIdPrefix}-ok` }}
      cancelButtonProps={{ 'data-testid': `${testIdPrefix}-cancel` }}
      afterClose={() => setError(null)}
      destroyOnHidden
      maskClosable={false}
      width={width}
      centered
    >
      {error ? (
        <div ref={errorRef}>
          <Alert
            type={conflict ? 'warning' : 'error'}
            showIcon
            role="alert"
            message={errorMessage(error)}
            description={conflict ? t('common.conflict') : undefined}
            style={{ marginBottom: 16 }}
            data-testid={`${testIdPrefix}-error`}
          />
        </div>
      ) : null}
      <div onKeyDown={keepEscapeInDropdown}>
        <Form<T>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={(values) => void handleFinish(values)}
          preserve={false}
          disabled={pending}
        >
          {typeof children === 'function' ? children(form) : children}
          {/* Lets Enter in a text field submit the form. */}
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      </div>
    </Modal>
  );
}
