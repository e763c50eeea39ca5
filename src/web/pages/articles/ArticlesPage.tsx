import { App, Button, Drawer, Empty, Flex, Form, Input, List, Modal, Pagination, Skeleton, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { ArticleDetail, ArticleImage, ArticleStatus, ArticleSummary } from '../../../domain/contracts/articles.ts';
import { uploadMultipart } from '../../api/evidence.ts';
import { useArticle, useArticles, usePreviewArticle, useSaveArticle, useTransitionArticle } from '../../api/portal.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { useOrganizationNames } from '../../api/organizations.ts';
import { VillageSelect } from './VillageSelect.tsx';

/**
 * 工作动态 for officers (portal.publish): write an article, preview it as the
 * portal will show it (sanitized and masked by the server), publish it, take
 * it down with a reason. A saved article takes photos with captions, placed
 * at the end of the body as <figure><img …><figcaption>…</figcaption></figure>
 * (shown on the portal once the article is published). Linked villages
 * (相关村) put a published article under those villages' 相关新闻.
 */
const STATUS_COLORS: Record<ArticleStatus, string> = { draft: 'orange', published: 'green', unpublished: 'default' };

export function ArticlesPage() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  // An article's id, 'new' for a new one, or null while the editor is closed.
  const [editing, setEditing] = useState<string | null>(null);
  const query = useArticles(page);

  return (
    <div>
      <PageTitle
        title={t('articles.pageTitle')}
        extra={
          query.data?.canWrite ? (
            <Button type="primary" data-testid="article-new" onClick={() => setEditing('new')}>
              {t('articles.new')}
            </Button>
          ) : null
        }
      />
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending ? <Skeleton active /> : null}
      {query.data && query.data.items.length === 0 ? <Empty description={t('articles.empty')} /> : null}
      {query.data && query.data.items.length > 0 ? (
        <List
          dataSource={query.data.items}
          renderItem={(a: ArticleSummary) => (
            <List.Item
              data-testid="article-row"
              actions={[
                <Button key="edit" type="link" onClick={() => setEditing(a.id)}>
                  {t('articles.edit')}
                </Button>,
                a.status === 'published' ? (
                  <a key="open" href={`/public/news/${a.id}`} target="_blank" rel="noreferrer">
                    {t('articles.openPublic')}
                  </a>
                ) : null,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <span>{a.title}</span>
                    <Tag color={STATUS_COLORS[a.status]}>{t(`articles.status.${a.status}`)}</Tag>
                  </Space>
                }
                description={
                  <Space wrap>
                    <span>{a.source}</span>
                    {a.publishedAt ? <span>{new Date(a.publishedAt).toLocaleString()}</span> : null}
                    <span>{t('articles.views', { n: a.views })}</span>
                    {a.tags.map((tag) => (
                      <Tag key={tag}>{tag}</Tag>
                    ))}
                    {a.villages.map((v) => (
                      <Tag key={v.id} color="blue" data-testid="article-row-village">
                        {v.name}
                      </Tag>
                    ))}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      ) : null}
      {query.data && query.data.total > query.data.pageSize ? (
        <Pagination style={{ marginTop: 16 }} current={page} pageSize={query.data.pageSize} total={query.data.total} onChange={setPage} />
      ) : null}
      {editing ? <ArticleEditor id={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onCreated={setEditing} /> : null}
    </div>
  );
}

interface EditorValues {
  title: string;
  source: string;
  tags: string;
  villageIds: string[];
  body: string;
}

function ArticleEditor({ id, onClose, onCreated }: { id: string | null; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useI18n();
  const detail = useArticle(id);
  const a = detail.data;
  return (
    <Drawer open width={720} title={id ? t('articles.editorTitleEdit') : t('articles.editorTitleNew')} onClose={onClose} destroyOnHidden>
      {id && detail.isPending ? <Skeleton active /> : null}
      {detail.error ? <ErrorAlert error={detail.error} /> : null}
      {!id || a ? <EditorForm key={a ? `${a.id}:${a.version}` : 'new'} article={a ?? null} onCreated={onCreated} /> : null}
    </Drawer>
  );
}

function EditorForm({ article, onCreated }: { article: ArticleDetail | null; onCreated: (id: string) => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<EditorValues>();
  const save = useSaveArticle();
  const transition = useTransitionArticle();
  const preview = usePreviewArticle();
  const [previewHtml, setPreviewHtml] = useState<string | null>(null);
  const [caption, setCaption] = useState('');
  const [uploading, setUploading] = useState(false);
  const [previewVillages, setPreviewVillages] = useState<string[]>([]);
  // The preview names the villages picked (a province's are not all at hand: asked for by id).
  const villageNames = useOrganizationNames(previewVillages);

  /** Uploads a photo to the article and places it at the end of the body as a figure with its caption. */
  const addImage = (file: File) => {
    if (!article) return;
    setUploading(true);
    uploadMultipart<ArticleImage>(`/api/articles/${encodeURIComponent(article.id)}/images`, { caption: caption.trim() || undefined }, file)
      .then((image) => {
        const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
        const text = esc(image.caption ?? '');
        const figure = `<figure><img src="${image.url}" alt="${text}">${text ? `<figcaption>${text}</figcaption>` : ''}</figure>`;
        form.setFieldValue('body', `${(form.getFieldValue('body') as string | undefined) ?? ''}\n${figure}`);
        setCaption('');
      }, notifyError)
      .finally(() => setUploading(false));
  };
  const can = (x: ArticleDetail['allowedActions'][number]) => article?.allowedActions.includes(x) ?? false;

  const submit = (v: EditorValues) => {
    const tags = v.tags
      .split(/[,，、]/)
      .map((s) => s.trim())
      .filter(Boolean);
    const fields = { title: v.title, source: v.source, body: v.body, tags, villageIds: v.villageIds };
    save.mutate(
      { id: article?.id ?? null, body: article ? { ...fields, version: article.version } : fields },
      {
        onSuccess: (saved) => {
          void message.success(t('articles.saved'));
          if (!article) onCreated(saved.id);
        },
        onError: notifyError,
      },
    );
  };

  const unpublish = () => {
    let reason = '';
    modal.confirm({
      title: t('articles.unpublish'),
      content: (
        <Input.TextArea
          rows={3}
          maxLength={200}
          placeholder={t('articles.unpublishReason')}
          onChange={(e) => {
            reason = e.target.value;
          }}
        />
      ),
      onOk: () =>
        transition
          .mutateAsync({ id: article!.id, body: { action: 'unpublish', version: article!.version, reason } })
          .then(() => void message.success(t('articles.unpublished')), notifyError),
    });
  };

  return (
    <>
      <Form<EditorValues>
        form={form}
        layout="vertical"
        initialValues={{
          title: article?.title ?? '',
          source: article?.source ?? '区党群工作部',
          tags: article?.tags.join('，') ?? '',
          villageIds: article?.villages.map((v) => v.id) ?? [],
          body: article?.body ?? '',
        }}
        onFinish={submit}
      >
        <Form.Item name="title" label={t('articles.field.title')} rules={[{ required: true, max: 80 }]}>
          <Input data-testid="article-title" />
        </Form.Item>
        <Form.Item name="source" label={t('articles.field.source')} rules={[{ required: true, max: 40 }]}>
          <Input data-testid="article-source" />
        </Form.Item>
        <Form.Item name="tags" label={t('articles.field.tags')}>
          <Input data-testid="article-tags" />
        </Form.Item>
        <Form.Item name="villageIds" label={t('articles.field.villages')} extra={t('articles.field.villagesHelp')}>
          <VillageSelect linked={article?.villages} placeholder={t('articles.villagesPlaceholder')} data-testid="article-villages" />
        </Form.Item>
        <Form.Item name="body" label={t('articles.field.body')} rules={[{ required: true }]}>
          <Input.TextArea data-testid="article-body" rows={12} />
        </Form.Item>
        {can('uploadImage') ? (
          <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
            <Input
              style={{ maxWidth: 280 }}
              maxLength={120}
              value={caption}
              onChange={(e) => setCaption(e.target.value)}
              placeholder={t('articles.imageCaption')}
              data-testid="article-image-caption"
            />
            <Upload
              accept="image/*"
              showUploadList={false}
              beforeUpload={(file) => {
                addImage(file);
                return false;
              }}
            >
              <Button loading={uploading} data-testid="article-image-upload">
                {t('articles.addImage')}
              </Button>
            </Upload>
          </Flex>
        ) : null}
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="article-save">
            {t('common.save')}
          </Button>
          <Button
            data-testid="article-preview"
            loading={preview.isPending}
            onClick={() => {
              setPreviewVillages((form.getFieldValue('villageIds') as string[] | undefined) ?? []);
              preview.mutate(form.getFieldValue('body') as string, { onSuccess: (r) => setPreviewHtml(r.html), onError: notifyError });
            }}
          >
            {t('articles.preview')}
          </Button>
          {can('publish') ? (
            <Button
              data-testid="article-publish"
              loading={transition.isPending}
              onClick={() =>
                transition.mutate(
                  { id: article!.id, body: { action: 'publish', version: article!.version } },
                  { onSuccess: () => void message.success(t('articles.published')), onError: notifyError },
                )
              }
            >
              {t('articles.publish')}
            </Button>
          ) : null}
          {can('unpublish') ? (
            <Button danger data-testid="article-unpublish" onClick={unpublish}>
              {t('articles.unpublish')}
            </Button>
          ) : null}
          {article?.publicUrl ? (
            <Typography.Link href={article.publicUrl} target="_blank" data-testid="article-public-link">
              {t('articles.openPublic')}
            </Typography.Link>
          ) : null}
        </Flex>
      </Form>
      <Modal open={previewHtml !== null} title={t('articles.previewTitle')} footer={null} onCancel={() => setPreviewHtml(null)} width={680}>
        {previewVillages.length ? (
          <Space wrap style={{ marginBottom: 12 }} data-testid="article-preview-villages">
            <Typography.Text type="secondary">
              {t('articles.field.villages')}
              {t('common.colon')}
            </Typography.Text>
            {previewVillages.map((id) => (
              <Tag key={id} color="blue">
                {villageNames.get(id) ?? article?.villages.find((v) => v.id === id)?.name ?? id}
              </Tag>
            ))}
          </Space>
        ) : null}
        {/* Sanitized (sanitize-html) and masked by the server, the same markup the portal serves. */}
        <div className="article-preview" data-testid="article-preview-body" dangerouslySetInnerHTML={{ __html: previewHtml ?? '' }} />
      </Modal>
    </>
  );
}
